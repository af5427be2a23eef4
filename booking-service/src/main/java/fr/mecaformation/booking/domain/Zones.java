package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** IANA zones only: region ids such as Europe/Paris, America/Guadeloupe, Indian/Reunion. */
public final class Zones {

    public static final ZoneId DEFAULT = ZoneId.of("Europe/Paris");

    private Zones() {
    }

    /**
     * Offsets ("+02:00") and abbreviations are refused: an offset does not follow DST, so slots listed with one would
     * shift by an hour twice a year.
     */
    public static ZoneId parse(String field, String zone) {
        if (zone == null || zone.isBlank()) {
            return DEFAULT;
        }
        try {
            if (!zone.contains("/") || !ZoneId.getAvailableZoneIds().contains(zone)) {
                throw new DateTimeException(zone);
            }
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new DomainException.Invalid("Fuseau horaire inconnu : « " + zone + " ».",
                    List.of(new FieldError(field, "fuseau horaire IANA attendu, par exemple Europe/Paris")));
        }
    }
}
