package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** The partner declined an application; the learner may be told, nothing else changes. */
@EventContract(type = "fr.mecaformation.booking.internship.application-declined.v1", topic = InternshipEvents.TOPIC,
        schema = "schemas/booking/internship-application-declined.v1.json")
public record InternshipApplicationDeclined(UUID applicationId, UUID offerId, UUID partnerId, UUID learnerId,
                                            Instant declinedAt) implements DomainEvent {

    @Override
    public String subject() {
        return offerId.toString();
    }
}
