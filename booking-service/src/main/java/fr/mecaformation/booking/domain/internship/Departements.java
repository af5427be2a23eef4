package fr.mecaformation.booking.domain.internship;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * French départements by official code, with the point used to say how far an offer is from a learner: the committed
 * table {@code internships/departements.csv} (IGN's geographic centres; its header cites the source). Distances are
 * great-circle distances between centres, « à vol d'oiseau », rounded to the kilometre: good enough to rank, and
 * said as « environ » to the learner.
 */
public final class Departements {

    public record Departement(String code, String name, double latitude, double longitude) {
    }

    private static final double EARTH_RADIUS_KM = 6371.0;
    private static final Map<String, Departement> ALL = load();

    private Departements() {
    }

    public static boolean isKnown(String code) {
        return code != null && ALL.containsKey(code);
    }

    public static Optional<Departement> of(String code) {
        return Optional.ofNullable(code == null ? null : ALL.get(code));
    }

    public static int count() {
        return ALL.size();
    }

    /** Kilometres between the two départements' centres; empty when either code is unknown. */
    public static Optional<Integer> distanceKm(String from, String to) {
        Departement a = ALL.get(from);
        Departement b = ALL.get(to);
        if (a == null || b == null) {
            return Optional.empty();
        }
        double lat1 = Math.toRadians(a.latitude());
        double lat2 = Math.toRadians(b.latitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(b.longitude() - a.longitude());
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return Optional.of((int) Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))));
    }

    private static Map<String, Departement> load() {
        Map<String, Departement> byCode = new LinkedHashMap<>();
        try (InputStream in = Departements.class.getClassLoader().getResourceAsStream("internships/departements.csv")) {
            if (in == null) {
                throw new IllegalStateException("internships/departements.csv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split(";");
                byCode.put(cells[0], new Departement(cells[0], cells[1], Double.parseDouble(cells[2]), Double.parseDouble(cells[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(byCode);
    }
}
