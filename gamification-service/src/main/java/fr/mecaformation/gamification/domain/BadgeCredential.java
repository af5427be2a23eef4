package fr.mecaformation.gamification.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * An earned badge as an Open Badges 3.0 credential. {@code learnerId} and {@code credentialJws} are null once the
 * holder's account is erased; the hash and the log entry stay, so the holder's own copy still verifies.
 */
public record BadgeCredential(UUID id, UUID learnerId, String badge, String badgeTitle, String credentialJws,
                              byte[] credentialHash, long logIndex, Instant earnedAt, Instant issuedAt,
                              Instant revokedAt, RevocationReason revocationReason, Instant erasedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean erased() {
        return erasedAt != null;
    }

    /** Why a badge credential was revoked; public (revocation list, verdicts), hence no free text. */
    public enum RevocationReason {
        ISSUED_IN_ERROR("émis par erreur"),
        FRAUD("fraude constatée"),
        OTHER("autre motif");

        private final String label;

        RevocationReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
