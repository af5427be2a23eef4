package fr.mecaformation.progress.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class VideoProgressTest {

    static final WatchRules RULES = WatchRules.defaults();
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void watched_intervals_merge_whatever_the_order_and_count_once() {
        WatchedIntervals forward = WatchedIntervals.none().with(0, 10).with(10, 20).with(30, 40).with(15, 32);
        WatchedIntervals backward = WatchedIntervals.none().with(15, 32).with(30, 40).with(10, 20).with(0, 10);
        assertThat(forward).isEqualTo(backward).isEqualTo(WatchedIntervals.of(0, 40));
        assertThat(forward.with(5, 6)).isEqualTo(forward);
        assertThat(WatchedIntervals.of(0, 10, 50, 70).secondsWithin(60)).isEqualTo(20.0);
        assertThat(WatchedIntervals.none().with(5, 5).with(7, 3).with(Double.NaN, 4)).isEqualTo(WatchedIntervals.none());
    }

    @Test
    void only_forward_playing_spans_no_faster_than_the_clock_allows_are_credited() {
        UUID session = UUID.randomUUID();
        Heartbeat start = new Heartbeat(session, 100, true, 1.0, T0);
        assertThat(RULES.creditedSpan(start, at(session, 110, 10), 10)).containsExactly(100, 110);
        assertThat(RULES.creditedSpan(start, at(session, 130, 10), 10)).as("30 s of video in 10 s").isNull();
        assertThat(RULES.creditedSpan(start, at(session, 90, 10), 10)).as("backwards").isNull();
        assertThat(RULES.creditedSpan(start, at(session, 100, 10), 10)).as("no move").isNull();
        assertThat(RULES.creditedSpan(new Heartbeat(session, 100, false, 1.0, T0), at(session, 110, 10), 10)).as("paused").isNull();
        assertThat(RULES.creditedSpan(start, at(session, 160, 61), 61)).as("too long a silence").isNull();
        Heartbeat doubleSpeed = new Heartbeat(session, 100, true, 2.0, T0);
        assertThat(RULES.creditedSpan(doubleSpeed, at(session, 120, 10), 10)).containsExactly(100, 120);
        Heartbeat claimedFourTimes = new Heartbeat(session, 100, true, 4.0, T0);
        assertThat(RULES.creditedSpan(claimedFourTimes, at(session, 140, 10), 10)).as("rate capped at 2").isNull();
    }

    @Test
    void offline_playbacks_give_the_same_progress_in_any_order_and_split_across_batches() {
        UUID session = UUID.randomUUID();
        List<Heartbeat> heartbeats = new ArrayList<>();
        for (int i = 0; i <= 60; i++) {
            heartbeats.add(at(session, i * 5.0, i * 5L));
        }
        VideoProgress inOrder = VideoProgress.start().applyOffline(heartbeats, T0, 300, RULES).progress();
        List<Heartbeat> shuffled = new ArrayList<>(heartbeats);
        Collections.shuffle(shuffled, new Random(3));
        VideoProgress once = VideoProgress.start().applyOffline(shuffled, T0, 300, RULES).progress();
        VideoProgress twice = once.applyOffline(shuffled, T0, 300, RULES).progress();
        assertThat(once.watched()).isEqualTo(inOrder.watched()).isEqualTo(twice.watched()).isEqualTo(WatchedIntervals.of(0, 300));
        assertThat(once.resumePosition()).isEqualTo(300);
        assertThat(once.completedAt()).isEqualTo(T0);
        assertThat(twice.completedAt()).as("completed once").isEqualTo(T0);
    }

    @Test
    void a_live_heartbeat_claims_no_more_time_than_the_server_saw_pass() {
        UUID session = UUID.randomUUID();
        VideoProgress first = VideoProgress.start().applyLive(at(session, 0, 0), T0, 600, RULES).progress();
        VideoProgress.Change honest = first.applyLive(at(session, 10, 10), T0.plusSeconds(10), 600, RULES);
        assertThat(honest.effect()).isEqualTo(VideoProgress.Effect.CREDITED);
        VideoProgress.Change hurried = first.applyLive(at(session, 10, 10), T0.plusSeconds(1), 600, RULES);
        assertThat(hurried.effect()).as("device says 10 s, server saw 1 s").isEqualTo(VideoProgress.Effect.NOT_CREDITED);
        VideoProgress.Change replayed = honest.progress().applyLive(at(session, 10, 10), T0.plusSeconds(20), 600, RULES);
        assertThat(replayed.effect()).isEqualTo(VideoProgress.Effect.IGNORED);
        assertThat(replayed.progress()).isSameAs(honest.progress());
    }

    private static Heartbeat at(UUID session, double position, long secondsAfterStart) {
        return new Heartbeat(session, position, true, 1.0, T0.plusSeconds(secondsAfterStart));
    }
}
