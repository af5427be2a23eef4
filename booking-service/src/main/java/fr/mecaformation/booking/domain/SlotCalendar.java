package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Slots of an availability, generated per local date in the trainer's zone: a 09:00 window is at 09:00 on both sides
 * of a DST change (its instant moves, not its local time). Cal.com computed slots as instants stepped from one
 * offset and shifted them by an hour around DST (#10517, #4702); local times that don't exist (the spring-forward
 * hour) give no slot, and a slot whose local end isn't its start plus its length (it spans a change) is skipped.
 */
public final class SlotCalendar {

    private SlotCalendar() {
    }

    /**
     * Every slot of {@code availability} starting on local dates {@code from}..{@code to} (inclusive, trainer's
     * zone) that respects the minimum notice and maximum advance from {@code now}.
     */
    public static List<Slot> generate(Availability availability, LocalDate from, LocalDate to, Instant now) {
        ZoneId zone = availability.zone();
        Duration length = availability.kind().length();
        Instant earliest = now.plus(availability.minimumNotice());
        Instant latest = now.plus(Duration.ofDays(availability.maximumAdvanceDays()));
        List<Slot> slots = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(to); date = date.plusDays(1)) {
            for (TimeWindow window : availability.windowsOn(date)) {
                LocalDateTime windowEnd = window.end().equals(LocalTime.MIDNIGHT)
                        ? date.plusDays(1).atStartOfDay() : date.atTime(window.end());
                LocalDateTime cursor = date.atTime(window.start());
                while (true) {
                    LocalDateTime start = cursor.plus(availability.bufferBefore());
                    LocalDateTime end = start.plus(length);
                    if (end.plus(availability.bufferAfter()).isAfter(windowEnd)) {
                        break;
                    }
                    cursor = end.plus(availability.bufferAfter());
                    ZonedDateTime zonedStart = ZonedDateTime.ofLocal(start, zone, null);
                    ZonedDateTime zonedEnd = zonedStart.plus(length);
                    if (!zonedStart.toLocalDateTime().equals(start) || !zonedEnd.toLocalDateTime().equals(end)) {
                        continue; // in the spring-forward gap, or across a change: not at the local time it says
                    }
                    Instant startInstant = zonedStart.toInstant();
                    if (startInstant.isBefore(earliest) || startInstant.isAfter(latest)) {
                        continue;
                    }
                    slots.add(new Slot(startInstant, zonedEnd.toInstant(),
                            startInstant.minus(availability.bufferBefore()),
                            zonedEnd.toInstant().plus(availability.bufferAfter()), date));
                }
            }
        }
        return slots;
    }

    /** A time that holds a trainer: another booking's blocked range. */
    public record Busy(Instant blockedFrom, Instant blockedUntil, LocalDate localDate, boolean countsTowardsCap) {
    }

    /**
     * Slots still free: none of them overlaps a busy range, and neither their day nor their ISO week is over its cap
     * ({@code busy} must then cover the whole weeks of the slots).
     */
    public static List<Slot> bookable(Availability availability, List<Slot> slots, List<Busy> busy) {
        Map<LocalDate, Integer> perDay = new HashMap<>();
        Map<LocalDate, Integer> perWeek = new HashMap<>();
        for (Busy b : busy) {
            if (b.countsTowardsCap()) {
                perDay.merge(b.localDate(), 1, Integer::sum);
                perWeek.merge(Availability.weekOf(b.localDate()), 1, Integer::sum);
            }
        }
        return slots.stream()
                .filter(slot -> busy.stream().noneMatch(b -> slot.blocks(b.blockedFrom(), b.blockedUntil())))
                .filter(slot -> availability.dailyCap() == null
                        || perDay.getOrDefault(slot.localDate(), 0) < availability.dailyCap())
                .filter(slot -> availability.weeklyCap() == null
                        || perWeek.getOrDefault(Availability.weekOf(slot.localDate()), 0) < availability.weeklyCap())
                .toList();
    }

    /**
     * The slot a booking request names, or why it can't be booked: in the past, inside the minimum notice, beyond
     * the maximum advance, or not a slot this availability offers at all (a start between slots, a closed day).
     */
    public static Slot slotAt(Availability availability, Instant start, Instant now) {
        if (!start.isAfter(now)) {
            throw invalid("Ce créneau est déjà passé.", "start", "créneau passé");
        }
        if (start.isBefore(now.plus(availability.minimumNotice()))) {
            throw invalid("Ce créneau est trop proche : il faut réserver au moins "
                    + availability.minimumNoticeMinutes() + " minutes à l'avance.", "start", "délai de prévenance");
        }
        if (start.isAfter(now.plus(Duration.ofDays(availability.maximumAdvanceDays())))) {
            throw invalid("Ce créneau est trop lointain : les réservations s'ouvrent "
                    + availability.maximumAdvanceDays() + " jours à l'avance.", "start", "trop lointain");
        }
        LocalDate date = start.atZone(availability.zone()).toLocalDate();
        return generate(availability, date, date, now).stream().filter(slot -> slot.start().equals(start)).findFirst()
                .orElseThrow(() -> invalid("Ce formateur ne propose pas de créneau à cette heure.", "start",
                        "pas un créneau proposé"));
    }

    private static DomainException.Invalid invalid(String message, String field, String reason) {
        return new DomainException.Invalid(message, List.of(new FieldError(field, reason)));
    }
}
