package fr.mecaformation.progress.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One learner's progress in one video lesson: what was really watched, where to resume, the last heartbeat (to pair
 * with the next one) and when the lesson was completed.
 *
 * @param lastHeartbeat the newest heartbeat of the current playback, null before the first
 * @param lastServerAt  when the server received it, which bounds how much time the next one may claim
 * @param resumeAt      the device time of the position to resume from: the latest one wins, whatever order they arrive in
 */
public record VideoProgress(WatchedIntervals watched, double resumePosition, Instant resumeAt, Heartbeat lastHeartbeat,
                            Instant lastServerAt, Instant completedAt) {

    /** How far ahead of the server's clock a device may be before its heartbeat is refused. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** A live heartbeat's device clock may run ahead of the server's by network jitter only. */
    static final double LIVE_ALLOWANCE_SECONDS = 2.0;

    public static VideoProgress start() {
        return new VideoProgress(WatchedIntervals.none(), 0, null, null, null, null);
    }

    public enum Effect { CREDITED, NOT_CREDITED, IGNORED }

    public record Change(VideoProgress progress, Effect effect, boolean completedNow) {
    }

    /**
     * A heartbeat received live. Elapsed time is the device's, but never more than the server saw pass (plus jitter):
     * a device whose clock runs fast gains nothing. A heartbeat older than the newest one of its playback (a replay,
     * a late duplicate) changes nothing.
     */
    public Change applyLive(Heartbeat heartbeat, Instant serverNow, double durationSeconds, WatchRules rules) {
        if (lastHeartbeat != null && lastHeartbeat.sessionId().equals(heartbeat.sessionId())
                && !heartbeat.clientAt().isAfter(lastHeartbeat.clientAt())) {
            return new Change(this, Effect.IGNORED, false);
        }
        double[] span = null;
        if (lastHeartbeat != null && lastHeartbeat.sessionId().equals(heartbeat.sessionId())) {
            double deviceElapsed = seconds(lastHeartbeat.clientAt(), heartbeat.clientAt());
            double serverElapsed = seconds(lastServerAt, serverNow) + LIVE_ALLOWANCE_SECONDS;
            span = rules.creditedSpan(lastHeartbeat, heartbeat, Math.min(deviceElapsed, serverElapsed));
        }
        WatchedIntervals newWatched = span == null ? watched : watched.with(span[0], span[1]);
        VideoProgress next = new VideoProgress(newWatched, resumePosition, resumeAt, heartbeat, serverNow, completedAt)
                .resumingAt(heartbeat);
        return next.judged(span == null ? Effect.NOT_CREDITED : Effect.CREDITED, durationSeconds, rules, serverNow);
    }

    /**
     * Heartbeats queued offline, with everything already stored of the same playbacks: consecutive heartbeats of each
     * playback (in device-time order) are paired, and the spans they prove join the watched set. Only the device's
     * clock exists for them; the union makes the result the same in any order and on any resend.
     */
    public Change applyOffline(List<Heartbeat> playbackHeartbeats, Instant serverNow, double durationSeconds,
                               WatchRules rules) {
        List<Heartbeat> ordered = playbackHeartbeats.stream()
                .sorted(Comparator.comparing(Heartbeat::sessionId).thenComparing(Heartbeat::clientAt)).toList();
        WatchedIntervals newWatched = watched;
        VideoProgress next = this;
        for (int i = 0; i < ordered.size(); i++) {
            Heartbeat heartbeat = ordered.get(i);
            next = next.resumingAt(heartbeat);
            if (i > 0 && ordered.get(i - 1).sessionId().equals(heartbeat.sessionId())) {
                double[] span = rules.creditedSpan(ordered.get(i - 1), heartbeat,
                        seconds(ordered.get(i - 1).clientAt(), heartbeat.clientAt()));
                if (span != null) {
                    newWatched = newWatched.with(span[0], span[1]);
                }
            }
        }
        Effect effect = newWatched.equals(watched) ? Effect.NOT_CREDITED : Effect.CREDITED;
        return new VideoProgress(newWatched, next.resumePosition, next.resumeAt, lastHeartbeat, lastServerAt, completedAt)
                .judged(effect, durationSeconds, rules, serverNow);
    }

    public double watchedSeconds(double durationSeconds) {
        return watched.secondsWithin(durationSeconds);
    }

    private VideoProgress resumingAt(Heartbeat heartbeat) {
        if (resumeAt != null && !heartbeat.clientAt().isAfter(resumeAt)) {
            return this;
        }
        return new VideoProgress(watched, heartbeat.positionSeconds(), heartbeat.clientAt(), lastHeartbeat, lastServerAt,
                completedAt);
    }

    private Change judged(Effect effect, double durationSeconds, WatchRules rules, Instant now) {
        if (completedAt == null && rules.completes(watched.secondsWithin(durationSeconds), durationSeconds)) {
            return new Change(new VideoProgress(watched, resumePosition, resumeAt, lastHeartbeat, lastServerAt, now), effect, true);
        }
        return new Change(this, effect, false);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
