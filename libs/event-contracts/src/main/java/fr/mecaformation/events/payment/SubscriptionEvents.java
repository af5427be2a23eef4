package fr.mecaformation.events.payment;

/**
 * Wire constants of subscriptions (the whole catalog for a month or a year). Keyed by learner, so one learner's
 * activations, payment troubles and cancellations arrive in order.
 */
public final class SubscriptionEvents {

    public static final String TOPIC = "payment.subscription.v1";

    private SubscriptionEvents() {
    }
}
