package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A webinar or mock exam at a fixed time with a number of seats. A mock exam may occupy a shared resource (an exam
 * room, {@code resourceId}); a session without one is remote (it has a video meeting room).
 */
public record Session(UUID id, UUID trainerId, BookingKind kind, String title, ZoneId zone, Instant startsAt,
                      Instant endsAt, int capacity, int seatsTaken, String status, UUID resourceId) {

    public static final int MAX_CAPACITY = 500;
    public static final Duration MAX_LENGTH = Duration.ofHours(8);

    /** A new session, or every reason it can't be one (nothing is stored then). */
    public static Session scheduled(UUID id, UUID trainerId, BookingKind kind, String title, ZoneId zone, Instant startsAt,
                                    Instant endsAt, int capacity, UUID resourceId, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (kind.oneToOne()) {
            errors.add(new FieldError("kind", "WEBINAR ou MOCK_EXAM"));
        }
        if (!endsAt.isAfter(startsAt)) {
            errors.add(new FieldError("endsAt", "la fin doit suivre le début"));
        } else if (Duration.between(startsAt, endsAt).compareTo(MAX_LENGTH) > 0) {
            errors.add(new FieldError("endsAt", "8 heures au plus"));
        }
        if (!startsAt.isAfter(now)) {
            errors.add(new FieldError("startsAt", "dans le passé"));
        } else if (startsAt.isAfter(now.plus(Duration.ofDays(365)))) {
            errors.add(new FieldError("startsAt", "au plus un an à l'avance"));
        }
        if (resourceId != null && kind != BookingKind.MOCK_EXAM) {
            errors.add(new FieldError("resourceId", "seul un examen blanc occupe une salle : une session de groupe a lieu à distance"));
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            errors.add(new FieldError("capacity", "entre 1 et " + MAX_CAPACITY + " places"));
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Cette session n'est pas valable.", errors);
        }
        return new Session(id, trainerId, kind, title, zone, startsAt, endsAt, capacity, 0, "SCHEDULED", resourceId);
    }

    /** Held in a room (on site) rather than by video. */
    public boolean remote() {
        return resourceId == null;
    }

    public boolean ownedBy(UUID caller, boolean admin) {
        return admin || trainerId.equals(caller);
    }
}
