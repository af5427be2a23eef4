package fr.mecaformation.booking.domain.internship;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** An internship a partner company offers: a trade, a place (département), dates and a number of places. */
public record InternshipOffer(UUID id, UUID partnerId, String title, String description, String trade,
                              String qualification, String departement, LocalDate startsOn, LocalDate endsOn,
                              List<String> requiredSkills, int places, int placesTaken, Instant publishedAt) {

    public static final int MAX_PLACES = 100;
    public static final int MAX_SKILLS = 8;
    /** Offers are published for the coming school years, not further. */
    public static final int MAX_START_AHEAD_DAYS = 730;
    public static final int MAX_LENGTH_DAYS = 366;

    public InternshipOffer {
        requiredSkills = List.copyOf(requiredSkills);
    }

    /** A new offer, or every reason it can't be one (nothing is stored then). {@code today} is the date in France. */
    public static InternshipOffer published(UUID id, UUID partnerId, String title, String description, String trade,
                                            String qualification, String departement, LocalDate startsOn,
                                            LocalDate endsOn, List<String> requiredSkills, int places, LocalDate today,
                                            Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (!InternshipReferences.TRADE_SET.contains(trade)) {
            errors.add(new FieldError("trade", "métier inconnu : l'un de " + String.join(", ", InternshipReferences.TRADES)));
        }
        if (qualification != null && !InternshipReferences.QUALIFICATION_SET.contains(qualification)) {
            errors.add(new FieldError("qualification", "diplôme inconnu : l'un de "
                    + String.join(", ", InternshipReferences.QUALIFICATIONS)));
        }
        if (!Departements.isKnown(departement)) {
            errors.add(new FieldError("departement", "département inconnu : un code officiel (01 à 95, 2A, 2B, 971 à 976)"));
        }
        if (!startsOn.isAfter(today)) {
            errors.add(new FieldError("startsOn", "dans le passé : un stage se publie avant son premier jour"));
        } else if (startsOn.isAfter(today.plusDays(MAX_START_AHEAD_DAYS))) {
            errors.add(new FieldError("startsOn", "au plus deux ans à l'avance"));
        }
        if (endsOn.isBefore(startsOn)) {
            errors.add(new FieldError("endsOn", "la fin doit suivre le début"));
        } else if (startsOn.plusDays(MAX_LENGTH_DAYS).isBefore(endsOn)) {
            errors.add(new FieldError("endsOn", "un stage dure un an au plus"));
        }
        if (places < 1 || places > MAX_PLACES) {
            errors.add(new FieldError("places", "entre 1 et " + MAX_PLACES + " places"));
        }
        List<String> skills = new ArrayList<>(new LinkedHashSet<>(requiredSkills));
        if (skills.size() > MAX_SKILLS) {
            errors.add(new FieldError("requiredSkills", MAX_SKILLS + " compétences au plus"));
        }
        for (String skill : skills) {
            if (!InternshipReferences.SKILL_SET.contains(skill)) {
                errors.add(new FieldError("requiredSkills", "compétence inconnue « " + skill + " » : l'une de "
                        + String.join(", ", InternshipReferences.SKILLS)));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Cette offre de stage n'est pas valable.", errors);
        }
        return new InternshipOffer(id, partnerId, title, description, trade, qualification, departement, startsOn,
                endsOn, skills, places, 0, now);
    }

    public int placesLeft() {
        return places - placesTaken;
    }

    public boolean publishedBy(UUID caller) {
        return partnerId.equals(caller);
    }
}
