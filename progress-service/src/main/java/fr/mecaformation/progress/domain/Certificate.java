package fr.mecaformation.progress.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An issued course certificate. {@code learnerId}, {@code holderName} and {@code credentialJws} are null once the
 * holder's account was erased ({@code erasedAt}); the hash and the log entry stay, so the holder's own copy still
 * verifies.
 */
public record Certificate(UUID id, UUID learnerId, UUID courseId, String courseTitle, String holderName,
                          String credentialJws, byte[] credentialHash, long logIndex, Instant completedAt,
                          Instant issuedAt, Instant revokedAt, RevocationReason revocationReason, Instant erasedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** Owners see their certificates, admins every one; anyone else is told there is none. */
    public boolean visibleTo(UUID callerId, boolean admin) {
        return admin || callerId.equals(learnerId);
    }
}
