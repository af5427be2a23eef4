package fr.mecaformation.gamification.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;

/**
 * The learner's calendar: days, ISO weeks (Monday to Sunday) and months are read in the learner's zone from the
 * instant the activity happened. A date is a date: a DST change makes a day 23 or 25 hours long, never two days or
 * none, because nothing here counts hours.
 */
public final class Calendar {

    private final ZoneId defaultZone;

    public Calendar(ZoneId defaultZone) {
        this.defaultZone = defaultZone;
    }

    public ZoneId defaultZone() {
        return defaultZone;
    }

    public LocalDate dayOf(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }

    public static String dayKey(LocalDate day) {
        return day.toString();
    }

    public static String weekKey(LocalDate day) {
        return "%04d-W%02d".formatted(day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public static String monthKey(LocalDate day) {
        return "%04d-%02d".formatted(day.getYear(), day.getMonthValue());
    }

    public static String periodKey(Period period, LocalDate day) {
        return switch (period) {
            case DAY -> dayKey(day);
            case WEEK -> weekKey(day);
            case MONTH -> monthKey(day);
        };
    }

    /** A zone a learner may choose: a region id (Europe/Paris, America/Cayenne…), not a fixed offset that ignores DST. */
    public static ZoneId parseZone(String zone) {
        if (zone == null || !zone.contains("/")) {
            throw new InvalidZone(zone);
        }
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new InvalidZone(zone);
        }
    }

    public enum Period { DAY, WEEK, MONTH }

    public static final class InvalidZone extends fr.mecaformation.web.problem.DomainException.Invalid {
        InvalidZone(String zone) {
            super("Fuseau horaire inconnu : « " + zone + " » (exemple : Europe/Paris).",
                    java.util.List.of(new fr.mecaformation.web.problem.FieldError("zone",
                            "doit être un fuseau horaire IANA, par exemple Europe/Paris")));
        }
    }
}
