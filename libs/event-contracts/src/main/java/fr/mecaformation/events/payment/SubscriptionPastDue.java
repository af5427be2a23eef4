package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A renewal payment failed; Stripe retries it. Access stays during these retries (dunning), so a learner is not cut
 * off mid-lesson by an expired card.
 */
@EventContract(type = "fr.mecaformation.payment.subscription.past-due.v1", topic = SubscriptionEvents.TOPIC,
        schema = "schemas/payment/subscription-past-due.v1.json")
public record SubscriptionPastDue(UUID subscriptionId, UUID learnerId, Instant since) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
