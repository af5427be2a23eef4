package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner may now follow a course. {@code source} is FREE (self-enrolment in a free course), ADMIN or PAYMENT;
 * {@code sourceRef} is the payment id for PAYMENT, the admin's id for ADMIN.
 */
@EventContract(type = "fr.mecaformation.catalog.enrolment.granted.v1", topic = EnrolmentEvents.TOPIC,
        schema = "schemas/catalog/enrolment-granted.v1.json")
public record EnrolmentGranted(UUID courseId, UUID learnerId, String source, String sourceRef, Instant grantedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
