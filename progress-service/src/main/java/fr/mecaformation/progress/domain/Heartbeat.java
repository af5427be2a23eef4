package fr.mecaformation.progress.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What a player reports every few seconds: where it is in the video, whether it is playing and how fast, at which
 * moment of the device's clock. {@code sessionId} names one playback on one device, so two phones never pair each
 * other's heartbeats.
 */
public record Heartbeat(UUID sessionId, double positionSeconds, boolean playing, double playbackRate, Instant clientAt) {

    /** Device times are kept to the microsecond, as the database stores them, so a replay compares equal. */
    public Heartbeat {
        clientAt = clientAt.truncatedTo(ChronoUnit.MICROS);
    }
}
