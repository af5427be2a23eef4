package fr.mecaformation.booking.domain;

import java.time.Instant;
import java.util.UUID;

/** A learner waiting for a seat of a full session, in order of {@code position}; OFFERED holds a freed seat until it ends. */
public record WaitlistEntry(UUID id, UUID sessionId, UUID learnerId, long position, String status, Instant createdAt,
                            Instant offeredAt, Instant offerExpiresAt, UUID bookingId) {
}
