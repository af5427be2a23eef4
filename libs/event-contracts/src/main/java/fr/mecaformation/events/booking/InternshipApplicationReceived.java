package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A learner applied to an internship offer (once per learner and offer); its partner decides. */
@EventContract(type = "fr.mecaformation.booking.internship.application-received.v1", topic = InternshipEvents.TOPIC,
        schema = "schemas/booking/internship-application-received.v1.json")
public record InternshipApplicationReceived(UUID applicationId, UUID offerId, UUID partnerId, UUID learnerId,
                                            Instant appliedAt) implements DomainEvent {

    @Override
    public String subject() {
        return offerId.toString();
    }
}
