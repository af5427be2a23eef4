package fr.mecaformation.progress.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct parts of a video a learner really watched, as sorted, disjoint, non-touching {@code [start, end)}
 * intervals in seconds. Adding is a union, so it is idempotent and order-independent: the same interval credited twice
 * (a replayed heartbeat, an offline batch sent again) or in any order gives the same set.
 */
public final class WatchedIntervals {

    private static final WatchedIntervals NONE = new WatchedIntervals(new double[0]);

    /** start0, end0, start1, end1… — the form it is stored in. */
    private final double[] bounds;

    private WatchedIntervals(double[] bounds) {
        this.bounds = bounds;
    }

    public static WatchedIntervals none() {
        return NONE;
    }

    /** Rebuilds the set from its stored bounds, merging whatever overlaps so a damaged row can't double-count. */
    public static WatchedIntervals of(double... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("interval bounds come in pairs");
        }
        WatchedIntervals set = NONE;
        for (int i = 0; i < bounds.length; i += 2) {
            set = set.with(bounds[i], bounds[i + 1]);
        }
        return set;
    }

    public WatchedIntervals with(double start, double end) {
        if (!(end > start) || !Double.isFinite(start) || !Double.isFinite(end)) {
            return this;
        }
        List<double[]> merged = new ArrayList<>(bounds.length / 2 + 1);
        double newStart = start;
        double newEnd = end;
        boolean placed = false;
        for (int i = 0; i < bounds.length; i += 2) {
            double s = bounds[i];
            double e = bounds[i + 1];
            if (e < newStart) {
                merged.add(new double[] {s, e});
            } else if (s > newEnd) {
                if (!placed) {
                    merged.add(new double[] {newStart, newEnd});
                    placed = true;
                }
                merged.add(new double[] {s, e});
            } else {
                newStart = Math.min(newStart, s);
                newEnd = Math.max(newEnd, e);
            }
        }
        if (!placed) {
            merged.add(new double[] {newStart, newEnd});
        }
        double[] result = new double[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            result[2 * i] = merged.get(i)[0];
            result[2 * i + 1] = merged.get(i)[1];
        }
        return new WatchedIntervals(result);
    }

    public WatchedIntervals union(WatchedIntervals other) {
        WatchedIntervals set = this;
        for (int i = 0; i < other.bounds.length; i += 2) {
            set = set.with(other.bounds[i], other.bounds[i + 1]);
        }
        return set;
    }

    /** Seconds watched within {@code [0, duration]}. */
    public double secondsWithin(double duration) {
        double total = 0;
        for (int i = 0; i < bounds.length; i += 2) {
            double s = Math.max(0, bounds[i]);
            double e = Math.min(duration, bounds[i + 1]);
            if (e > s) {
                total += e - s;
            }
        }
        return total;
    }

    public double[] bounds() {
        return bounds.clone();
    }

    public int size() {
        return bounds.length / 2;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WatchedIntervals that && Arrays.equals(bounds, that.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < bounds.length; i += 2) {
            text.append(i == 0 ? "" : ", ").append(bounds[i]).append('–').append(bounds[i + 1]);
        }
        return text.append(']').toString();
    }
}
