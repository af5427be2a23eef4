package fr.mecaformation.payment.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * One checkout and what became of it. Stripe's notifications may come in any order and more than once; each
 * transition says whether it changed anything, so its effect (an event) happens once.
 */
public record Purchase(UUID id, UUID learnerId, UUID courseId, long amountCents, String currency, PurchaseStatus status,
                       String stripeSessionId, String checkoutUrl, String paymentIntentId, long refundedCents,
                       Instant createdAt, Instant paidAt) {

    public static Purchase pending(UUID id, UUID learnerId, Offer offer, Instant now) {
        return new Purchase(id, learnerId, offer.courseId(), offer.priceCents(), offer.currency(), PurchaseStatus.PENDING,
                null, null, null, 0, now, null);
    }

    public Purchase withSession(String sessionId, String url) {
        return new Purchase(id, learnerId, courseId, amountCents, currency, status, sessionId, url, paymentIntentId,
                refundedCents, createdAt, paidAt);
    }

    /** The checkout completed and was paid. Only a pending purchase becomes paid: a refund seen first wins. */
    public Purchase paid(String paymentIntent, Instant now) {
        if (status != PurchaseStatus.PENDING) {
            return withPaymentIntent(paymentIntent);
        }
        return new Purchase(id, learnerId, courseId, amountCents, currency, PurchaseStatus.PAID, stripeSessionId,
                checkoutUrl, paymentIntent, refundedCents, createdAt, now);
    }

    /** Stripe's running total of what was refunded on the charge; never goes back. */
    public Purchase refunded(String paymentIntent, long totalRefundedCents) {
        long refunded = Math.max(refundedCents, Math.min(totalRefundedCents, amountCents));
        PurchaseStatus next = refunded >= amountCents ? PurchaseStatus.REFUNDED
                : refunded > 0 && status != PurchaseStatus.PENDING ? PurchaseStatus.PARTIALLY_REFUNDED : status;
        return new Purchase(id, learnerId, courseId, amountCents, currency, next, stripeSessionId, checkoutUrl,
                paymentIntentId == null ? paymentIntent : paymentIntentId, refunded, createdAt, paidAt);
    }

    public boolean grantsAccess() {
        return status == PurchaseStatus.PAID || status == PurchaseStatus.PARTIALLY_REFUNDED;
    }

    private Purchase withPaymentIntent(String paymentIntent) {
        return new Purchase(id, learnerId, courseId, amountCents, currency, status, stripeSessionId, checkoutUrl,
                paymentIntentId == null ? paymentIntent : paymentIntentId, refundedCents, createdAt, paidAt);
    }
}
