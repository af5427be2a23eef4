package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeeklyCapAndRoomHoursTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Instant LONG_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final List<WeeklyWindow> ALL_DAY = Arrays.stream(DayOfWeek.values())
            .map(d -> new WeeklyWindow(d, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)).toList();

    static Availability capped(Integer daily, Integer weekly) {
        return new Availability(UUID.randomUUID(), BookingKind.ADVICE, PARIS, 0, 0, 0, 365, daily, weekly, ALL_DAY, List.of());
    }

    static SlotCalendar.Busy busyAt(Availability availability, Slot slot) {
        return new SlotCalendar.Busy(slot.blockedFrom(), slot.blockedUntil(), slot.localDate(), true);
    }

    @Test
    void weeks_start_on_monday_and_a_full_dst_week_offers_nothing_while_the_next_monday_midnight_is_free() {
        assertThat(Availability.weekOf(LocalDate.of(2026, 3, 29))).isEqualTo(LocalDate.of(2026, 3, 23));  // the change's Sunday
        assertThat(Availability.weekOf(LocalDate.of(2026, 3, 30))).isEqualTo(LocalDate.of(2026, 3, 30));

        Availability availability = capped(null, 2);
        List<Slot> week = SlotCalendar.generate(availability, LocalDate.of(2026, 3, 23), LocalDate.of(2026, 3, 30), LONG_BEFORE);
        Slot firstOfWeek = week.get(0);
        List<Slot> sunday = week.stream().filter(s -> s.localDate().equals(LocalDate.of(2026, 3, 29))).toList();
        Slot lastOfWeek = sunday.get(sunday.size() - 1);
        assertThat(lastOfWeek.start()).isEqualTo(Instant.parse("2026-03-29T21:30:00Z"));                    // 23:30 CEST

        List<Slot> bookable = SlotCalendar.bookable(availability, week,
                List.of(busyAt(availability, firstOfWeek), busyAt(availability, lastOfWeek)));
        assertThat(bookable).isNotEmpty().allSatisfy(slot -> assertThat(slot.localDate()).isEqualTo(LocalDate.of(2026, 3, 30)));
        assertThat(bookable.get(0).start()).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));            // Monday 00:00 CEST
    }

    @Test
    void a_weekly_cap_below_the_daily_cap_is_refused() {
        assertThatThrownBy(() -> capped(4, 3).validated()).isInstanceOf(DomainException.Invalid.class)
                .satisfies(e -> assertThat(((DomainException.Invalid) e).errors()).extracting(f -> f.field()).contains("weeklyCap"));
        assertThat(capped(4, 4).validated().weeklyCap()).isEqualTo(4);
    }

    @Test
    void a_room_is_open_for_a_session_inside_one_window_of_its_local_date_on_both_sides_of_a_dst_change() {
        List<WeeklyWindow> hours = Arrays.stream(DayOfWeek.values())
                .map(d -> new WeeklyWindow(d, LocalTime.of(8, 0), LocalTime.of(18, 0))).toList();
        SharedResource room = new SharedResource(UUID.randomUUID(), "Salle d'examen atelier", PARIS, hours,
                List.of(new DateException(LocalDate.of(2026, 4, 1), null, null)));
        // 08:00–12:00 local on the Saturday before and the Monday after the March change
        assertThat(room.openDuring(Instant.parse("2026-03-28T07:00:00Z"), Instant.parse("2026-03-28T11:00:00Z"))).isTrue();
        assertThat(room.openDuring(Instant.parse("2026-03-30T06:00:00Z"), Instant.parse("2026-03-30T10:00:00Z"))).isTrue();
        // 07:00 local (06:00Z in winter) is before opening; 17:00–19:00 runs past closing; a closed date
        assertThat(room.openDuring(Instant.parse("2026-03-28T06:00:00Z"), Instant.parse("2026-03-28T08:00:00Z"))).isFalse();
        assertThat(room.openDuring(Instant.parse("2026-03-30T15:00:00Z"), Instant.parse("2026-03-30T17:00:00Z"))).isFalse();
        assertThat(room.openDuring(Instant.parse("2026-04-01T07:00:00Z"), Instant.parse("2026-04-01T09:00:00Z"))).isFalse();
    }
}
