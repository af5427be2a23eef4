package fr.mecaformation.events.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * An admin revoked a certificate; it stays in the log and verification answers « révoqué ». {@code reason} is one of
 * ISSUED_IN_ERROR, FRAUD, COURSE_WITHDRAWN, OTHER. {@code learnerId} is null when the holder's account was erased.
 */
@EventContract(type = "fr.mecaformation.progress.certificate.revoked.v1", topic = CertificateEvents.TOPIC,
        schema = "schemas/progress/certificate-revoked.v1.json")
public record CertificateRevoked(UUID certificateId, UUID learnerId, UUID courseId, String reason, Instant revokedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return certificateId.toString();
    }
}
