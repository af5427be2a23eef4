package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A learner paid for one course or a bundle of courses ({@code courseIds}); each one is theirs from now on.
 * Amounts are euro cents, VAT included.
 */
@EventContract(type = "fr.mecaformation.payment.purchase.succeeded.v1", topic = PurchaseEvents.TOPIC,
        schema = "schemas/payment/payment-succeeded.v1.json")
public record PaymentSucceeded(UUID paymentId, UUID learnerId, List<UUID> courseIds, long amountCents, String currency,
                               Instant paidAt) implements DomainEvent {

    public PaymentSucceeded {
        courseIds = List.copyOf(courseIds);
    }

    @Override
    public String subject() {
        return paymentId.toString();
    }
}
