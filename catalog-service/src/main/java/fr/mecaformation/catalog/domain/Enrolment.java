package fr.mecaformation.catalog.domain;

import java.time.Instant;
import java.util.UUID;

/** A learner's access to a course. A revoked enrolment is kept for history; granting again reopens it. */
public record Enrolment(UUID courseId, UUID learnerId, EnrolmentSource source, String sourceRef, Instant grantedAt,
                        Instant revokedAt, RevocationReason revokeReason) {

    public static Enrolment granted(UUID courseId, UUID learnerId, EnrolmentSource source, String sourceRef, Instant now) {
        return new Enrolment(courseId, learnerId, source, sourceRef, now, null, null);
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public Enrolment revoke(RevocationReason reason, Instant now) {
        return new Enrolment(courseId, learnerId, source, sourceRef, grantedAt, now, reason);
    }
}
