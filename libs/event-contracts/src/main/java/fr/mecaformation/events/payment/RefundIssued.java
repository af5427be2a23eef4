package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Money went back to the learner. A full refund ({@code fullRefund}) takes the purchased courses away; a partial
 * one (a commercial gesture) leaves access as it is.
 */
@EventContract(type = "fr.mecaformation.payment.purchase.refunded.v1", topic = PurchaseEvents.TOPIC,
        schema = "schemas/payment/refund-issued.v1.json")
public record RefundIssued(UUID paymentId, UUID learnerId, List<UUID> courseIds, long amountCents, boolean fullRefund,
                           Instant refundedAt) implements DomainEvent {

    public RefundIssued {
        courseIds = List.copyOf(courseIds);
    }

    @Override
    public String subject() {
        return paymentId.toString();
    }
}
