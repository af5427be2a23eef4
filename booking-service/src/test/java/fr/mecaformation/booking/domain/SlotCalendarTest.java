package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotCalendarTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId GUADELOUPE = ZoneId.of("America/Guadeloupe");
    static final ZoneId REUNION = ZoneId.of("Indian/Reunion");
    static final Instant LONG_BEFORE = Instant.parse("2026-01-01T00:00:00Z");

    static Availability everyDay(BookingKind kind, ZoneId zone, LocalTime start, LocalTime end, int before, int after) {
        List<WeeklyWindow> weekly = java.util.Arrays.stream(DayOfWeek.values()).map(d -> new WeeklyWindow(d, start, end)).toList();
        return new Availability(UUID.randomUUID(), kind, zone, before, after, 0, 365, null, weekly, List.of());
    }

    static List<LocalDateTime> localStarts(List<Slot> slots, ZoneId zone) {
        return slots.stream().map(s -> LocalDateTime.ofInstant(s.start(), zone)).toList();
    }

    @Test
    void slots_of_the_march_dst_week_in_paris_stay_at_their_local_times_while_their_instants_move_an_hour() {
        Availability coaching = everyDay(BookingKind.COACHING, PARIS, LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0);
        // Sunday 29 March 2026, 02:00 → 03:00
        List<Slot> slots = SlotCalendar.generate(coaching, LocalDate.of(2026, 3, 28), LocalDate.of(2026, 3, 30), LONG_BEFORE);

        assertThat(localStarts(slots, PARIS)).containsExactly(
                LocalDateTime.of(2026, 3, 28, 9, 0), LocalDateTime.of(2026, 3, 28, 10, 0), LocalDateTime.of(2026, 3, 28, 11, 0),
                LocalDateTime.of(2026, 3, 29, 9, 0), LocalDateTime.of(2026, 3, 29, 10, 0), LocalDateTime.of(2026, 3, 29, 11, 0),
                LocalDateTime.of(2026, 3, 30, 9, 0), LocalDateTime.of(2026, 3, 30, 10, 0), LocalDateTime.of(2026, 3, 30, 11, 0));
        assertThat(slots.get(0).start()).isEqualTo(Instant.parse("2026-03-28T08:00:00Z"));   // CET, UTC+1
        assertThat(slots.get(3).start()).isEqualTo(Instant.parse("2026-03-29T07:00:00Z"));   // CEST, UTC+2
        assertThat(slots.get(6).start()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(slots).allSatisfy(s -> assertThat(java.time.Duration.between(s.start(), s.end())).hasHours(1));
    }

    @Test
    void slots_of_the_october_dst_week_in_paris_stay_at_their_local_times() {
        Availability advice = everyDay(BookingKind.ADVICE, PARIS, LocalTime.of(14, 0), LocalTime.of(15, 0), 0, 0);
        // Sunday 25 October 2026, 03:00 → 02:00
        List<Slot> slots = SlotCalendar.generate(advice, LocalDate.of(2026, 10, 24), LocalDate.of(2026, 10, 26), LONG_BEFORE);

        assertThat(localStarts(slots, PARIS)).containsExactly(
                LocalDateTime.of(2026, 10, 24, 14, 0), LocalDateTime.of(2026, 10, 24, 14, 30),
                LocalDateTime.of(2026, 10, 25, 14, 0), LocalDateTime.of(2026, 10, 25, 14, 30),
                LocalDateTime.of(2026, 10, 26, 14, 0), LocalDateTime.of(2026, 10, 26, 14, 30));
        assertThat(slots.get(0).start()).isEqualTo(Instant.parse("2026-10-24T12:00:00Z"));   // CEST
        assertThat(slots.get(2).start()).isEqualTo(Instant.parse("2026-10-25T13:00:00Z"));   // CET
    }

    @Test
    void the_hour_that_does_not_exist_gives_no_slot_and_a_slot_across_the_change_is_skipped() {
        Availability night = everyDay(BookingKind.ADVICE, PARIS, LocalTime.of(1, 0), LocalTime.of(4, 0), 0, 0);
        List<Slot> slots = SlotCalendar.generate(night, LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 29), LONG_BEFORE);

        // 02:00 and 02:30 don't exist that night; 01:30–02:00 would end at 03:00 local: skipped too
        assertThat(localStarts(slots, PARIS)).containsExactly(LocalDateTime.of(2026, 3, 29, 1, 0),
                LocalDateTime.of(2026, 3, 29, 3, 0), LocalDateTime.of(2026, 3, 29, 3, 30));
        assertThat(slots).allSatisfy(s -> assertThat(java.time.Duration.between(s.start(), s.end())).hasMinutes(30));
    }

    @Test
    void overseas_zones_without_dst_have_none_shifted_in_the_paris_change_weeks() {
        for (ZoneId zone : List.of(GUADELOUPE, REUNION)) {
            Availability coaching = everyDay(BookingKind.COACHING, zone, LocalTime.of(9, 0), LocalTime.of(10, 0), 0, 0);
            List<Slot> march = SlotCalendar.generate(coaching, LocalDate.of(2026, 3, 28), LocalDate.of(2026, 3, 30), LONG_BEFORE);
            List<Slot> october = SlotCalendar.generate(coaching, LocalDate.of(2026, 10, 24), LocalDate.of(2026, 10, 26), LONG_BEFORE);
            for (List<Slot> week : List.of(march, october)) {
                assertThat(week).hasSize(3);
                assertThat(localStarts(week, zone)).allSatisfy(t -> assertThat(t.toLocalTime()).isEqualTo(LocalTime.of(9, 0)));
                // the same UTC time of day every day: no shift
                assertThat(week.stream().map(s -> s.start().atZone(java.time.ZoneOffset.UTC).toLocalTime()).distinct()).hasSize(1);
            }
        }
        Availability guadeloupe = everyDay(BookingKind.COACHING, GUADELOUPE, LocalTime.of(9, 0), LocalTime.of(10, 0), 0, 0);
        assertThat(SlotCalendar.generate(guadeloupe, LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 29), LONG_BEFORE).get(0).start())
                .isEqualTo(Instant.parse("2026-03-29T13:00:00Z"));   // UTC−4 all year
    }

    @Test
    void buffers_sit_inside_the_window_and_space_the_slots_and_the_blocked_range_covers_them() {
        Availability advice = everyDay(BookingKind.ADVICE, PARIS, LocalTime.of(9, 0), LocalTime.of(11, 0), 10, 5);
        List<Slot> slots = SlotCalendar.generate(advice, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 1), LONG_BEFORE);

        // 09:10–09:40 (+5) 09:45 … 09:55–10:25 (+5) 10:30 … 10:40–11:10 would pass 11:00
        assertThat(localStarts(slots, PARIS)).containsExactly(LocalDateTime.of(2026, 6, 1, 9, 10),
                LocalDateTime.of(2026, 6, 1, 9, 55));
        Slot first = slots.get(0);
        assertThat(first.blockedFrom()).isEqualTo(first.start().minusSeconds(600));
        assertThat(first.blockedUntil()).isEqualTo(first.end().plusSeconds(300));
        assertThat(first.blocks(slots.get(1).blockedFrom(), slots.get(1).blockedUntil())).isFalse();
    }

    @Test
    void exceptions_close_a_day_or_replace_its_windows() {
        Availability base = everyDay(BookingKind.COACHING, PARIS, LocalTime.of(9, 0), LocalTime.of(11, 0), 0, 0);
        Availability withExceptions = new Availability(base.trainerId(), base.kind(), PARIS, 0, 0, 0, 365, null, base.weekly(),
                List.of(new DateException(LocalDate.of(2026, 6, 1), null, null),
                        new DateException(LocalDate.of(2026, 6, 2), LocalTime.of(16, 0), LocalTime.of(17, 0))));
        List<Slot> slots = SlotCalendar.generate(withExceptions, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 3), LONG_BEFORE);

        assertThat(localStarts(slots, PARIS)).containsExactly(LocalDateTime.of(2026, 6, 2, 16, 0),
                LocalDateTime.of(2026, 6, 3, 9, 0), LocalDateTime.of(2026, 6, 3, 10, 0));
    }

    @Test
    void minimum_notice_maximum_advance_and_daily_caps_remove_slots() {
        Availability base = everyDay(BookingKind.COACHING, PARIS, LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0);
        Availability limited = new Availability(base.trainerId(), base.kind(), PARIS, 0, 0, 60, 2, 2, base.weekly(), List.of());
        Instant now = Instant.parse("2026-06-01T07:30:00Z");   // 09:30 in Paris
        List<Slot> slots = SlotCalendar.generate(limited, LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 5), now);

        // 11:00 is the first start an hour ahead; nothing beyond 2 days (03/06 09:30 local)
        assertThat(localStarts(slots, PARIS)).containsExactly(LocalDateTime.of(2026, 6, 1, 11, 0),
                LocalDateTime.of(2026, 6, 2, 9, 0), LocalDateTime.of(2026, 6, 2, 10, 0), LocalDateTime.of(2026, 6, 2, 11, 0),
                LocalDateTime.of(2026, 6, 3, 9, 0));

        List<SlotCalendar.Busy> busy = List.of(
                new SlotCalendar.Busy(slots.get(1).blockedFrom(), slots.get(1).blockedUntil(), LocalDate.of(2026, 6, 2), true),
                new SlotCalendar.Busy(slots.get(2).blockedFrom(), slots.get(2).blockedUntil(), LocalDate.of(2026, 6, 2), true));
        assertThat(localStarts(SlotCalendar.bookable(limited, slots, busy), PARIS)).containsExactly(
                LocalDateTime.of(2026, 6, 1, 11, 0), LocalDateTime.of(2026, 6, 3, 9, 0));
    }

    @Test
    void a_requested_start_must_be_an_offered_slot_in_the_future() {
        Availability advice = everyDay(BookingKind.ADVICE, PARIS, LocalTime.of(9, 0), LocalTime.of(10, 0), 0, 0);
        Instant now = Instant.parse("2026-06-01T05:00:00Z");

        assertThat(SlotCalendar.slotAt(advice, Instant.parse("2026-06-01T07:30:00Z"), now).end())
                .isEqualTo(Instant.parse("2026-06-01T08:00:00Z"));
        assertThatThrownBy(() -> SlotCalendar.slotAt(advice, Instant.parse("2026-06-01T07:15:00Z"), now))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("ne propose pas");
        assertThatThrownBy(() -> SlotCalendar.slotAt(advice, Instant.parse("2026-05-31T07:00:00Z"), now))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("déjà passé");
        assertThatThrownBy(() -> SlotCalendar.slotAt(advice, Instant.parse("2028-06-01T07:00:00Z"), now))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("trop lointain");
    }

    @Test
    void ranges_and_zones_are_refused_before_any_work() {
        Instant now = Instant.parse("2026-06-01T05:00:00Z");
        assertThatThrownBy(() -> SlotRange.of(LocalDate.of(2026, 6, 10), LocalDate.of(2026, 6, 9), PARIS, now, 62))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("précède");
        assertThatThrownBy(() -> SlotRange.of(LocalDate.of(2026, 6, 1), LocalDate.of(2036, 6, 1), PARIS, now, 62))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("trop longue");
        assertThatThrownBy(() -> SlotRange.of(LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 3), PARIS, now, 62))
                .isInstanceOf(DomainException.Invalid.class).hasMessageContaining("passée");
        assertThatThrownBy(() -> Zones.parse("zone", "Mars/Olympus")).isInstanceOf(DomainException.Invalid.class);
        assertThatThrownBy(() -> Zones.parse("zone", "+02:00")).isInstanceOf(DomainException.Invalid.class);
        assertThat(Zones.parse("zone", null)).isEqualTo(PARIS);
        assertThat(Zones.parse("zone", "Indian/Reunion")).isEqualTo(REUNION);
    }

    @Test
    void learners_may_not_cancel_or_move_inside_the_window_nor_anyone_after_the_start() {
        Instant start = Instant.parse("2026-06-02T08:00:00Z");
        Booking booking = new Booking(UUID.randomUUID(), BookingKind.ADVICE, UUID.randomUUID(), UUID.randomUUID(), null, start,
                start.plusSeconds(1800), PARIS, start, start.plusSeconds(1800), BookingStatus.CONFIRMED, null, null, 0, null,
                start.minusSeconds(86400 * 3), null, null, null);
        java.time.Duration day = java.time.Duration.ofHours(24);

        booking.checkCancellable(Actor.LEARNER, start.minus(java.time.Duration.ofHours(25)), day);
        assertThatThrownBy(() -> booking.checkCancellable(Actor.LEARNER, start.minus(java.time.Duration.ofHours(23)), day))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("24 h");
        booking.checkCancellable(Actor.TRAINER, start.minus(java.time.Duration.ofHours(1)), day);
        assertThatThrownBy(() -> booking.checkCancellable(Actor.TRAINER, start.plusSeconds(60), day))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("commencé");
        assertThatThrownBy(() -> booking.checkReschedulable(Actor.ADMIN, start.plusSeconds(60), day, start.plusSeconds(86400)))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("commencé");
        assertThatThrownBy(() -> booking.checkReschedulable(Actor.LEARNER, start.minus(java.time.Duration.ofHours(30)), day,
                start.minus(java.time.Duration.ofHours(10)))).isInstanceOf(DomainException.Conflict.class);
    }
}
