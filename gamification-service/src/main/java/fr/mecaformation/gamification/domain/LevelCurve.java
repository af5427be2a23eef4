package fr.mecaformation.gamification.domain;

import java.util.List;

/**
 * The published level curve: level n starts at {@code thresholds.get(n - 1)} cumulative XP, level 1 at 0. Levels are
 * derived from the total, never stored as the truth.
 */
public record LevelCurve(List<Integer> thresholds) {

    public LevelCurve {
        thresholds = List.copyOf(thresholds);
    }

    public int levelFor(long totalXp) {
        int level = 0;
        for (int threshold : thresholds) {
            if (totalXp >= threshold) {
                level++;
            }
        }
        return Math.max(1, level);
    }

    /** XP where the given level starts. */
    public long floorOf(int level) {
        return thresholds.get(Math.min(level, thresholds.size()) - 1);
    }

    /** XP where the next level starts, or null at the top of the curve. */
    public Long nextOf(int level) {
        return level >= thresholds.size() ? null : (long) thresholds.get(level);
    }

    /** Share of the way from this level to the next, 0–100 (100 at the top). */
    public int progressPercent(long totalXp) {
        int level = levelFor(totalXp);
        Long next = nextOf(level);
        if (next == null) {
            return 100;
        }
        long floor = floorOf(level);
        return (int) Math.min(100, Math.max(0, (totalXp - floor) * 100 / (next - floor)));
    }
}
