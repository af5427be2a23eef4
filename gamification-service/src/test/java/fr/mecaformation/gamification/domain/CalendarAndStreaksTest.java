package fr.mecaformation.gamification.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarAndStreaksTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    final Calendar calendar = new Calendar(PARIS);

    /** The instant a Parisian sees on their watch at {@code local}. */
    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(PARIS).toInstant();
    }

    private List<LocalDate> daysOf(List<Instant> activities) {
        return activities.stream().map(at -> calendar.dayOf(at, PARIS)).distinct().toList();
    }

    @Test
    void the_march_week_of_the_spring_change_is_seven_days_whatever_the_hour_each_evening() {
        // 2026-03-29: 02:00 becomes 03:00 in Paris (a 23-hour Sunday); late evenings on both sides of it
        List<Instant> evenings = new ArrayList<>();
        for (int day = 23; day <= 29; day++) {
            evenings.add(paris("2026-03-%02dT23:30".formatted(day)));
        }
        List<LocalDate> days = daysOf(evenings);

        assertThat(days).hasSize(7);
        assertThat(Streaks.runEndingAt(new TreeSet<>(days), LocalDate.parse("2026-03-29"))).isEqualTo(7);
        // the Sunday 23:30 is 21:30 UTC: still Sunday for the learner, in week 13, and the Monday after is week 14
        assertThat(Calendar.weekKey(calendar.dayOf(paris("2026-03-29T23:30"), PARIS))).isEqualTo("2026-W13");
        assertThat(Calendar.weekKey(calendar.dayOf(paris("2026-03-30T00:10"), PARIS))).isEqualTo("2026-W14");
    }

    @Test
    void the_october_week_of_the_autumn_change_neither_doubles_nor_drops_a_day() {
        // 2026-10-25: 03:00 goes back to 02:00 (a 25-hour Sunday); 02:30 happens twice that night
        Instant firstHalfPastTwo = LocalDateTime.parse("2026-10-25T02:30").atZone(PARIS).withEarlierOffsetAtOverlap().toInstant();
        Instant secondHalfPastTwo = LocalDateTime.parse("2026-10-25T02:30").atZone(PARIS).withLaterOffsetAtOverlap().toInstant();
        assertThat(secondHalfPastTwo).isEqualTo(firstHalfPastTwo.plusSeconds(3600));
        List<Instant> activities = new ArrayList<>(List.of(firstHalfPastTwo, secondHalfPastTwo, paris("2026-10-25T23:59")));
        for (int day = 19; day <= 24; day++) {
            activities.add(paris("2026-10-%02dT00:05".formatted(day)));
        }
        List<LocalDate> days = daysOf(activities);

        assertThat(days).as("three activities on the 25-hour Sunday are one day").hasSize(7);
        assertThat(Streaks.runEndingAt(new TreeSet<>(days), LocalDate.parse("2026-10-25"))).isEqualTo(7);
        // 23:59 on the long Sunday is 22:59 UTC; a UTC calendar would already be right, a fixed +02:00 would not
        assertThat(calendar.dayOf(paris("2026-10-25T23:59"), PARIS)).isEqualTo(LocalDate.parse("2026-10-25"));
        assertThat(Calendar.weekKey(LocalDate.parse("2026-10-25"))).isEqualTo("2026-W43");
        assertThat(Calendar.weekKey(calendar.dayOf(paris("2026-10-26T00:30"), PARIS))).isEqualTo("2026-W44");
    }

    @Test
    void a_day_is_the_learners_local_day_not_the_servers() {
        Instant lateInReunion = Instant.parse("2026-11-26T21:30:00Z");
        assertThat(calendar.dayOf(lateInReunion, ZoneId.of("Indian/Reunion"))).isEqualTo(LocalDate.parse("2026-11-27"));
        assertThat(calendar.dayOf(lateInReunion, PARIS)).isEqualTo(LocalDate.parse("2026-11-26"));
        assertThat(calendar.dayOf(lateInReunion, ZoneId.of("America/Cayenne"))).isEqualTo(LocalDate.parse("2026-11-26"));
    }

    @Test
    void the_current_streak_survives_until_the_end_of_the_next_day_and_freezes_cover_missed_days() {
        List<LocalDate> covered = List.of(LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-21"), LocalDate.parse("2026-11-22"));

        assertThat(Streaks.current(covered, LocalDate.parse("2026-11-22"), 0).days()).isEqualTo(3);
        assertThat(Streaks.current(covered, LocalDate.parse("2026-11-23"), 0).days()).as("today is not over").isEqualTo(3);
        assertThat(Streaks.current(covered, LocalDate.parse("2026-11-24"), 0).days()).as("a whole day missed").isZero();
        Streaks.Current frozen = Streaks.current(covered, LocalDate.parse("2026-11-24"), 1);
        assertThat(frozen.days()).isEqualTo(3);
        assertThat(frozen.atRisk()).isTrue();
        assertThat(Streaks.current(covered, LocalDate.parse("2026-11-25"), 1).days()).as("two missed, one freeze").isZero();
    }

    @Test
    void a_gap_is_bridged_only_when_the_freezes_cover_all_of_it() {
        LocalDate monday = LocalDate.parse("2026-11-23");
        assertThat(Streaks.gapToBridge(monday, monday.plusDays(1), 2)).isEmpty();
        assertThat(Streaks.gapToBridge(monday, monday.plusDays(3), 2)).containsExactly(monday.plusDays(1), monday.plusDays(2));
        assertThat(Streaks.gapToBridge(monday, monday.plusDays(3), 1)).isEmpty();
        assertThat(Streaks.gapToBridge(null, monday, 2)).isEmpty();
    }

    @Test
    void an_offline_batch_synced_two_days_late_fills_its_days_in() {
        // online on Monday; Tuesday and Wednesday offline, synced on Thursday after Thursday's own lesson
        TreeSet<LocalDate> days = new TreeSet<>(List.of(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-26")));
        assertThat(Streaks.runEndingAt(days, LocalDate.parse("2026-11-26"))).isEqualTo(1);
        days.addAll(List.of(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-24")));
        assertThat(Streaks.runEndingAt(days, LocalDate.parse("2026-11-26"))).isEqualTo(4);
    }

    @Test
    void zones_are_iana_regions() {
        assertThat(Calendar.parseZone("Europe/Paris")).isEqualTo(PARIS);
        for (String bad : new String[]{"+02:00", "UTC", "Mars/Olympus", "", null}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Calendar.parseZone(bad))
                    .isInstanceOf(Calendar.InvalidZone.class);
        }
    }
}
