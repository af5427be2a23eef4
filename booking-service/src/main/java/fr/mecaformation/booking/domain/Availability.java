package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What a trainer publishes for one kind of one-to-one booking: weekly windows and dated exceptions in local time of
 * {@code zone}, buffers before and after each meeting (inside the windows), a minimum notice, a maximum advance and
 * optional caps of meetings per local day and per ISO week (Monday to Sunday in {@code zone}).
 */
public record Availability(UUID trainerId, BookingKind kind, ZoneId zone, int bufferBeforeMinutes, int bufferAfterMinutes,
                           int minimumNoticeMinutes, int maximumAdvanceDays, Integer dailyCap, Integer weeklyCap,
                           List<WeeklyWindow> weekly, List<DateException> exceptions) {

    public static final int MAX_WINDOWS = 50;

    public Availability {
        weekly = List.copyOf(weekly);
        exceptions = List.copyOf(exceptions);
    }

    /** Without a weekly cap. */
    public Availability(UUID trainerId, BookingKind kind, ZoneId zone, int bufferBeforeMinutes, int bufferAfterMinutes,
                        int minimumNoticeMinutes, int maximumAdvanceDays, Integer dailyCap,
                        List<WeeklyWindow> weekly, List<DateException> exceptions) {
        this(trainerId, kind, zone, bufferBeforeMinutes, bufferAfterMinutes, minimumNoticeMinutes, maximumAdvanceDays,
                dailyCap, null, weekly, exceptions);
    }

    /** The Monday starting the ISO week of a local date: weeks are local, so a DST week is 167 or 169 hours long. */
    public static LocalDate weekOf(LocalDate date) {
        return date.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    }

    public Duration bufferBefore() {
        return Duration.ofMinutes(bufferBeforeMinutes);
    }

    public Duration bufferAfter() {
        return Duration.ofMinutes(bufferAfterMinutes);
    }

    public Duration minimumNotice() {
        return Duration.ofMinutes(minimumNoticeMinutes);
    }

    /** Rules across fields that bean validation can't say; every broken one is named, nothing is stored. */
    public Availability validated() {
        List<FieldError> errors = new ArrayList<>();
        if (!kind.oneToOne()) {
            errors.add(new FieldError("kind", "seuls les conseils et le coaching se réservent sur des disponibilités"));
        }
        if (dailyCap != null && weeklyCap != null && weeklyCap < dailyCap) {
            errors.add(new FieldError("weeklyCap", "ne peut être inférieur au plafond journalier"));
        }
        if (weekly.size() + exceptions.size() > MAX_WINDOWS) {
            errors.add(new FieldError("weekly", "au plus " + MAX_WINDOWS + " plages et exceptions"));
        }
        Duration needed = kind.oneToOne() ? kind.length().plus(bufferBefore()).plus(bufferAfter()) : Duration.ZERO;
        for (int i = 0; i < weekly.size(); i++) {
            WeeklyWindow window = weekly.get(i);
            if (!endsAfter(window.start(), window.end())) {
                errors.add(new FieldError("weekly[" + i + "].end", "la fin doit suivre le début"));
            } else if (length(window.start(), window.end()).compareTo(needed) < 0) {
                errors.add(new FieldError("weekly[" + i + "]", "plage trop courte pour un rendez-vous et ses marges"));
            }
        }
        for (int i = 0; i < exceptions.size(); i++) {
            DateException exception = exceptions.get(i);
            if ((exception.start() == null) != (exception.end() == null)) {
                errors.add(new FieldError("exceptions[" + i + "]", "début et fin ensemble, ou aucun pour fermer la journée"));
            } else if (!exception.closesTheDay() && !endsAfter(exception.start(), exception.end())) {
                errors.add(new FieldError("exceptions[" + i + "].end", "la fin doit suivre le début"));
            }
        }
        if (!errors.isEmpty()) {
            throw new DomainException.Invalid("Ces disponibilités ne sont pas cohérentes.", errors);
        }
        return this;
    }

    /** A window ending at 00:00 ends at midnight, the end of its day (00:00–00:00 is the whole day). */
    static boolean endsAfter(java.time.LocalTime start, java.time.LocalTime end) {
        return end.equals(java.time.LocalTime.MIDNIGHT) || end.isAfter(start);
    }

    static Duration length(java.time.LocalTime start, java.time.LocalTime end) {
        return end.equals(java.time.LocalTime.MIDNIGHT) ? Duration.between(start, java.time.LocalTime.MAX).plusNanos(1)
                : Duration.between(start, end);
    }

    /** The windows of one local date: the exceptions of that date if any, else the weekly ones of its weekday. */
    public List<TimeWindow> windowsOn(LocalDate date) {
        return windowsOn(weekly, exceptions, date);
    }

    /** The same rule for any weekly windows and exceptions (a shared room's opening hours too). */
    static List<TimeWindow> windowsOn(List<WeeklyWindow> weekly, List<DateException> exceptions, LocalDate date) {
        List<DateException> ofDate = exceptions.stream().filter(e -> e.date().equals(date)).toList();
        if (!ofDate.isEmpty()) {
            return ofDate.stream().filter(e -> !e.closesTheDay()).map(e -> new TimeWindow(e.start(), e.end()))
                    .sorted(Comparator.comparing(TimeWindow::start)).toList();
        }
        return weekly.stream().filter(w -> w.day() == date.getDayOfWeek()).map(w -> new TimeWindow(w.start(), w.end()))
                .sorted(Comparator.comparing(TimeWindow::start)).toList();
    }
}
