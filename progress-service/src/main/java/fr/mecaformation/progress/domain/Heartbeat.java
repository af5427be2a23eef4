package fr.mecaformation.progress.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * What a player reports every few seconds: where it is in the video, whether it is playing and how fast, at which
 * moment of the device's clock. {@code sessionId} names one playback on one device, so two phones never pair each
 * other's heartbeats.
 */
public record Heartbeat(UUID sessionId, double positionSeconds, boolean playing, double playbackRate, Instant clientAt) {
}
