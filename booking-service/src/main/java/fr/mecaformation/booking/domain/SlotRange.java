package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The dates a learner asks slots for, in their own zone: from and to included. Refused before any work: end before
 * start, a period already over, or longer than {@code maxDays} (a 10-year range would generate slots for a decade).
 */
public record SlotRange(LocalDate from, LocalDate to, ZoneId zone) {

    public static SlotRange of(LocalDate from, LocalDate to, ZoneId zone, Instant now, int maxDays) {
        LocalDate today = now.atZone(zone).toLocalDate();
        if (from == null) {
            from = today;
        }
        if (to == null) {
            to = from.plusDays(6);
        }
        if (to.isBefore(from)) {
            throw new DomainException.Invalid("La fin de la période précède son début.",
                    List.of(new FieldError("to", "doit suivre from")));
        }
        if (to.isBefore(today)) {
            throw new DomainException.Invalid("Cette période est déjà passée.", List.of(new FieldError("to", "dans le passé")));
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw new DomainException.Invalid("La période demandée est trop longue : " + maxDays + " jours au plus.",
                    List.of(new FieldError("to", "au plus " + maxDays + " jours après from")));
        }
        return new SlotRange(from, to, zone);
    }

    public Instant startInstant() {
        return from.atStartOfDay(zone).toInstant();
    }

    public Instant endInstant() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The trainer's local dates that can hold a slot of this range (one day wider each side: zones differ). */
    public LocalDate trainerFrom() {
        return from.minusDays(1);
    }

    public LocalDate trainerTo() {
        return to.plusDays(1);
    }
}
