package fr.mecaformation.platform.grant;

import java.time.Instant;
import java.util.UUID;

/**
 * What catalog-service attested when it handed a learner a lesson's video: this learner may have watched this lesson
 * between {@code issuedAt} and {@code expiresAt}. Offline heartbeats are credited only inside that window.
 */
public record PlaybackGrant(UUID learnerId, UUID lessonId, Instant issuedAt, Instant expiresAt) {

    public boolean covers(Instant instant) {
        return !instant.isBefore(issuedAt) && !instant.isAfter(expiresAt);
    }
}
