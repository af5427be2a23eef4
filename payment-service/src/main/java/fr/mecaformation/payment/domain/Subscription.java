package fr.mecaformation.payment.domain;

import java.time.Instant;
import java.util.UUID;

public record Subscription(UUID id, UUID learnerId, Plan plan, long amountCents, SubscriptionStatus status,
                           String stripeSubscriptionId, String checkoutUrl, Instant currentPeriodEnd, Instant createdAt) {

    public static Subscription pending(UUID id, UUID learnerId, Plan plan, long amountCents, Instant now) {
        return new Subscription(id, learnerId, plan, amountCents, SubscriptionStatus.PENDING, null, null, null, now);
    }

    public Subscription withCheckout(String url) {
        return new Subscription(id, learnerId, plan, amountCents, status, stripeSubscriptionId, url, currentPeriodEnd, createdAt);
    }

    /** Stripe's current state; a cancelled subscription stays cancelled (Stripe never revives one). */
    public Subscription synced(String stripeId, SubscriptionStatus stripeStatus, Instant periodEnd) {
        SubscriptionStatus next = status == SubscriptionStatus.CANCELLED ? status : stripeStatus;
        return new Subscription(id, learnerId, plan, amountCents, next, stripeId, checkoutUrl,
                periodEnd == null ? currentPeriodEnd : periodEnd, createdAt);
    }
}
