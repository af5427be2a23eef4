package fr.mecaformation.payment.domain;

/** PENDING (checkout not finished) → ACTIVE ⇄ PAST_DUE (renewal failing, Stripe retrying) → CANCELLED. */
public enum SubscriptionStatus {
    PENDING, ACTIVE, PAST_DUE, CANCELLED;

    /** Stripe's subscription statuses, reduced to ours; {@code incomplete} is a checkout not yet paid. */
    public static SubscriptionStatus fromStripe(String stripeStatus) {
        return switch (stripeStatus) {
            case "active", "trialing" -> ACTIVE;
            case "past_due", "unpaid" -> PAST_DUE;
            case "canceled", "incomplete_expired", "paused" -> CANCELLED;
            default -> PENDING;
        };
    }

    public boolean isRunning() {
        return this == ACTIVE || this == PAST_DUE;
    }
}
