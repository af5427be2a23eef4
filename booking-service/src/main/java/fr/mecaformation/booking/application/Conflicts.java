package fr.mecaformation.booking.application;

import fr.mecaformation.booking.persistence.Constraints;
import fr.mecaformation.web.problem.DomainException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;

/**
 * What a refused write means for the person who asked: the constraint the database named, said in French. The time
 * is shown in the zone the booking is reasoned in, so a learner reads the hours they chose.
 */
final class Conflicts {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' HH'h'mm", Locale.FRANCE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH'h'mm", Locale.FRANCE);

    private Conflicts() {
    }

    static Function<Throwable, Throwable> naming(Instant start, Instant blockedFrom, Instant blockedUntil, ZoneId zone) {
        return error -> Constraints.violated(error).<Throwable>map(constraint -> switch (constraint) {
            case "booking_trainer_overlap" -> new DomainException.Conflict("Ce créneau n'est plus libre : le formateur a déjà"
                    + " un rendez-vous qui chevauche la plage de " + TIME.format(blockedFrom.atZone(zone)) + " à "
                    + TIME.format(blockedUntil.atZone(zone)) + " (marges comprises) du créneau du "
                    + DAY_TIME.format(start.atZone(zone)) + ".");
            case "booking_learner_overlap" -> new DomainException.Conflict("Vous avez déjà une réservation à ce moment-là ("
                    + DAY_TIME.format(start.atZone(zone)) + ") : on ne peut pas être à deux rendez-vous à la fois.");
            case "booking_one_open_advice" -> new DomainException.Conflict(
                    "Vous avez déjà un conseil pédagogique à venir : un seul à la fois, le suivant se réserve après celui-ci.");
            case "booking_one_coaching_hold" -> new DomainException.Conflict(
                    "Vous avez déjà un créneau de coaching en attente de paiement : payez-le ou laissez-le expirer.");
            case "booking_one_seat" -> new DomainException.Conflict("Vous avez déjà une place pour cette session.");
            case "waitlist_once_per_learner" -> new DomainException.Conflict("Vous êtes déjà sur la liste d'attente de cette session.");
            case "session_seats_within_capacity" -> new DomainException.Conflict("Cette session est complète.");
            default -> error;
        }).orElse(error);
    }
}
