package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * The subscription ended (cancelled, or its payment retries gave up): the catalog stops granting access through it.
 */
@EventContract(type = "fr.mecaformation.payment.subscription.cancelled.v1", topic = SubscriptionEvents.TOPIC,
        schema = "schemas/payment/subscription-cancelled.v1.json")
public record SubscriptionCancelled(UUID subscriptionId, UUID learnerId, Instant endedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
