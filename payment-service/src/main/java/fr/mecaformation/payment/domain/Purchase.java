package fr.mecaformation.payment.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One checkout and what became of it. Stripe's notifications may come in any order and more than once; each
 * transition says whether it changed anything, so its effect (an event) happens once.
 */
public record Purchase(UUID id, UUID learnerId, UUID courseId, long amountCents, String currency, PurchaseStatus status,
                       String stripeSessionId, String checkoutUrl, String paymentIntentId, long refundedCents,
                       Instant createdAt, Instant paidAt, String failureReason, PurchaseKind kind, UUID bundleId) {

    public static Purchase pending(UUID id, UUID learnerId, Offer offer, Instant now) {
        return new Purchase(id, learnerId, offer.courseId(), offer.priceCents(), offer.currency(), PurchaseStatus.PENDING,
                null, null, null, 0, now, null, null, PurchaseKind.COURSE, null);
    }

    public static Purchase pendingBundle(UUID id, UUID learnerId, Bundle bundle, Instant now) {
        return new Purchase(id, learnerId, null, bundle.priceCents(), "EUR", PurchaseStatus.PENDING,
                null, null, null, 0, now, null, null, PurchaseKind.BUNDLE, bundle.id());
    }

    public static Purchase pendingCoaching(UUID id, UUID learnerId, long amountCents, Instant now) {
        return new Purchase(id, learnerId, null, amountCents, "EUR", PurchaseStatus.PENDING,
                null, null, null, 0, now, null, null, PurchaseKind.COACHING, null);
    }

    public Purchase withSession(String sessionId, String url) {
        return new Purchase(id, learnerId, courseId, amountCents, currency, status, sessionId, url, paymentIntentId,
                refundedCents, createdAt, paidAt, failureReason, kind, bundleId);
    }

    /**
     * The checkout completed and was paid. Only an open purchase (pending, or after a refused attempt) becomes paid:
     * a refund seen first wins.
     */
    public Purchase paid(String paymentIntent, Instant now) {
        return paid(paymentIntent, null, now);
    }

    /** @param amountPaidCents what Stripe charged (below the price with a discount code); null when it did not say */
    public Purchase paid(String paymentIntent, Long amountPaidCents, Instant now) {
        if (!status.isOpen()) {
            return withPaymentIntent(paymentIntent);
        }
        long paidCents = amountPaidCents == null ? amountCents : Math.min(amountCents, Math.max(0, amountPaidCents));
        return new Purchase(id, learnerId, courseId, paidCents, currency, PurchaseStatus.PAID, stripeSessionId,
                checkoutUrl, paymentIntent, refundedCents, createdAt, now, null, kind, bundleId);
    }

    /** The bank refused an attempt: the learner sees why, and may pay again on the same page. A paid purchase stays paid. */
    public Purchase failed(String paymentIntent, String reason) {
        if (!status.isOpen()) {
            return this;
        }
        return new Purchase(id, learnerId, courseId, amountCents, currency, PurchaseStatus.FAILED, stripeSessionId,
                checkoutUrl, paymentIntentId == null ? paymentIntent : paymentIntentId, refundedCents, createdAt, paidAt,
                reason == null || reason.isBlank() ? "Paiement refusé." : reason, kind, bundleId);
    }

    /** Stripe's running total of what was refunded on the charge; never goes back. */
    public Purchase refunded(String paymentIntent, long totalRefundedCents) {
        long refunded = Math.max(refundedCents, Math.min(totalRefundedCents, amountCents));
        PurchaseStatus next = refunded >= amountCents ? PurchaseStatus.REFUNDED
                : refunded > 0 && !status.isOpen() ? PurchaseStatus.PARTIALLY_REFUNDED : status;
        return new Purchase(id, learnerId, courseId, amountCents, currency, next, stripeSessionId, checkoutUrl,
                paymentIntentId == null ? paymentIntent : paymentIntentId, refunded, createdAt, paidAt, failureReason, kind, bundleId);
    }

    public boolean grantsAccess() {
        return status == PurchaseStatus.PAID || status == PurchaseStatus.PARTIALLY_REFUNDED;
    }

    private Purchase withPaymentIntent(String paymentIntent) {
        return new Purchase(id, learnerId, courseId, amountCents, currency, status, stripeSessionId, checkoutUrl,
                paymentIntentId == null ? paymentIntent : paymentIntentId, refundedCents, createdAt, paidAt, failureReason, kind, bundleId);
    }
}
