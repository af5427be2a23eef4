package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A learner lost access to a course: REFUND, ADMIN or ACCOUNT_DELETED. */
@EventContract(type = "fr.mecaformation.catalog.enrolment.revoked.v1", topic = EnrolmentEvents.TOPIC,
        schema = "schemas/catalog/enrolment-revoked.v1.json")
public record EnrolmentRevoked(UUID courseId, UUID learnerId, String reason, Instant revokedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
