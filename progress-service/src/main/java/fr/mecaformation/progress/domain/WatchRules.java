package fr.mecaformation.progress.domain;

import java.time.Duration;

/**
 * When two consecutive heartbeats of one playback prove that the span between them was watched. The span counts only
 * if the player was playing, moved forward, and moved no faster than the elapsed time × the playback rate (plus a small
 * allowance for timer jitter): a seek, a forged position or a sped-up clock credits nothing. A long silence between
 * heartbeats (the app in the background, a lost connection) credits nothing either, rather than guessing.
 *
 * @param completionRatio share of the video that must be watched for the lesson to be complete (0.9 by default)
 * @param maxGap          the longest silence between two heartbeats that still proves continuous watching
 */
public record WatchRules(double completionRatio, Duration maxGap) {

    /**
     * The fastest rate the platform's player offers. Requests claiming more are refused (the APIs' bean-validation
     * bound is this constant), and a rate is never credited beyond it.
     */
    public static final String MAX_PLAYBACK_RATE = "2.0";
    static final double MAX_RATE = Double.parseDouble(MAX_PLAYBACK_RATE);

    /** Timer jitter and rounding in the player: a heartbeat may be this much ahead of the bound. */
    static final double TOLERANCE_RATIO = 1.10;
    static final double TOLERANCE_SECONDS = 0.5;

    public WatchRules {
        if (!(completionRatio > 0 && completionRatio <= 1)) {
            throw new IllegalArgumentException("completion ratio must be in (0, 1]");
        }
    }

    public static WatchRules defaults() {
        return new WatchRules(0.9, Duration.ofSeconds(60));
    }

    /**
     * The span watched between {@code previous} and {@code next} (same playback), or null when nothing is proven.
     *
     * @param elapsedSeconds time that really passed between them, as far as the server can tell
     */
    public double[] creditedSpan(Heartbeat previous, Heartbeat next, double elapsedSeconds) {
        if (!previous.playing() || elapsedSeconds <= 0 || elapsedSeconds > maxGap.toSeconds()) {
            return null;
        }
        double moved = next.positionSeconds() - previous.positionSeconds();
        double rate = Math.min(previous.playbackRate(), MAX_RATE);
        double possible = elapsedSeconds * rate * TOLERANCE_RATIO + TOLERANCE_SECONDS;
        if (moved <= 0 || moved > possible) {
            return null;
        }
        return new double[] {previous.positionSeconds(), next.positionSeconds()};
    }

    public boolean completes(double watchedSeconds, double durationSeconds) {
        return durationSeconds > 0 && watchedSeconds >= durationSeconds * completionRatio - 1e-9;
    }
}
