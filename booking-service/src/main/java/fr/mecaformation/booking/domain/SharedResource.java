package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A resource trainers share, such as an exam room: admins publish when it is open (weekly windows and dated exceptions
 * in local time of {@code zone}, as a trainer's availability), trainers' mock exams occupy it. Who occupies it when is
 * the database's business (an exclusion constraint over the room and the session's time), not this record's.
 */
public record SharedResource(UUID id, String name, ZoneId zone, List<WeeklyWindow> weekly, List<DateException> exceptions) {

    public SharedResource {
        weekly = List.copyOf(weekly);
        exceptions = List.copyOf(exceptions);
    }

    /** The opening hours' own rules; every broken one is named, nothing is stored. */
    public SharedResource validated() {
        List<FieldError> errors = new ArrayList<>();
        if (weekly.size() + exceptions.size() > Availability.MAX_WINDOWS) {
            errors.add(new FieldError("weekly", "au plus " + Availability.MAX_WINDOWS + " plages et exceptions"));
        }
        for (int i = 0; i < weekly.size(); i++) {
            if (!Availability.endsAfter(weekly.get(i).start(), weekly.get(i).end())) {
                errors.add(new FieldError("weekly[" + i + "].end", "la fin doit suivre le début"));
            }
        }
        for (int i = 0; i < exceptions.size(); i++) {
            DateException exception = exceptions.get(i);
            if ((exception.start() == null) != (exception.end() == null)) {
                errors.add(new FieldError("exceptions[" + i + "]", "début et fin ensemble, ou aucun pour fermer la journée"));
            } else if (!exception.closesTheDay() && !Availability.endsAfter(exception.start(), exception.end())) {
                errors.add(new FieldError("exceptions[" + i + "].end", "la fin doit suivre le début"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Ces horaires d'ouverture ne sont pas cohérents.", errors);
        }
        return this;
    }

    /**
     * Whether [start, end) lies inside one opening window of its local date (the exceptions of that date if any, else
     * the weekly windows of its weekday), reasoned per local date so DST weeks are right.
     */
    public boolean openDuring(Instant start, Instant end) {
        ZonedDateTime localStart = start.atZone(zone);
        LocalDate date = localStart.toLocalDate();
        LocalDateTime from = localStart.toLocalDateTime();
        LocalDateTime until = end.atZone(zone).toLocalDateTime();
        return Availability.windowsOn(weekly, exceptions, date).stream().anyMatch(window -> {
            LocalDateTime windowStart = date.atTime(window.start());
            LocalDateTime windowEnd = window.end().equals(LocalTime.MIDNIGHT) ? date.plusDays(1).atStartOfDay()
                    : date.atTime(window.end());
            return !from.isBefore(windowStart) && !until.isAfter(windowEnd);
        });
    }
}
