package fr.mecaformation.events.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A course certificate was signed and appended to the certificate log, once per learner and course.
 * {@code credentialHash} is the SHA-256 of the signed credential (compact JWS, hex); {@code logIndex} its leaf in the
 * log, and {@code treeSize}/{@code rootHash} (base64) the signed tree head that first includes it.
 */
@EventContract(type = "fr.mecaformation.progress.certificate.issued.v1", topic = CertificateEvents.TOPIC,
        schema = "schemas/progress/certificate-issued.v1.json")
public record CertificateIssued(UUID certificateId, UUID learnerId, UUID courseId, String courseTitle,
                                String credentialHash, long logIndex, long treeSize, String rootHash, Instant issuedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return certificateId.toString();
    }
}
