package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner's subscription is paid and running: every published course is theirs until it ends. Sent again when a
 * past-due subscription is paid.
 */
@EventContract(type = "fr.mecaformation.payment.subscription.activated.v1", topic = SubscriptionEvents.TOPIC,
        schema = "schemas/payment/subscription-activated.v1.json")
public record SubscriptionActivated(UUID subscriptionId, UUID learnerId, String plan, Instant currentPeriodEnd, Instant activatedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
