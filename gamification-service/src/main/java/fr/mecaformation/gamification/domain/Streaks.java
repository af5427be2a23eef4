package fr.mecaformation.gamification.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Streaks from calendar days alone: the covered days (active, or forgiven by a freeze) in the learner's zone. Built
 * from the set of days, never from the order events arrived in, so an offline batch synced late fills its days in
 * and the streak is what it would have been online.
 */
public final class Streaks {

    private Streaks() {
    }

    /** Length of the run of consecutive covered days that ends on {@code last} (0 if {@code last} is not covered). */
    public static int runEndingAt(NavigableSet<LocalDate> covered, LocalDate last) {
        int days = 0;
        LocalDate day = last;
        while (covered.contains(day)) {
            days++;
            day = day.minusDays(1);
        }
        return days;
    }

    /**
     * The streak shown on {@code today}: the run ending on the latest covered day, alive if that day is today or
     * yesterday (today is not over), or if the learner's unused freezes cover every day missed since.
     */
    public static Current current(List<LocalDate> coveredDays, LocalDate today, int unusedFreezes) {
        NavigableSet<LocalDate> covered = new TreeSet<>(coveredDays);
        LocalDate latest = covered.floor(today);
        if (latest == null) {
            return new Current(0, null, false);
        }
        int run = runEndingAt(covered, latest);
        long missed = Math.max(0, today.minusDays(1).toEpochDay() - latest.toEpochDay());
        if (missed == 0) {
            return new Current(run, latest, false);
        }
        return missed <= unusedFreezes ? new Current(run, latest, true) : new Current(0, latest, false);
    }

    /** @param atRisk alive only thanks to freezes the next active day will use */
    public record Current(int days, LocalDate lastDay, boolean atRisk) {
    }

    /** The days between two covered days that freezes must forgive to join them (empty when adjacent or too many). */
    public static List<LocalDate> gapToBridge(LocalDate previous, LocalDate day, int unusedFreezes) {
        if (previous == null) {
            return List.of();
        }
        long gap = day.toEpochDay() - previous.toEpochDay() - 1;
        if (gap <= 0 || gap > unusedFreezes) {
            return List.of();
        }
        return previous.plusDays(1).datesUntil(day).toList();
    }
}
