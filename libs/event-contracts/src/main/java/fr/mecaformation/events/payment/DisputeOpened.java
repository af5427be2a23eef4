package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The learner's bank disputes a payment (chargeback). Access is not taken away by this alone: admins decide once
 * the dispute is settled, and a lost dispute comes as a {@link RefundIssued}.
 */
@EventContract(type = "fr.mecaformation.payment.purchase.disputed.v1", topic = PurchaseEvents.TOPIC,
        schema = "schemas/payment/dispute-opened.v1.json")
public record DisputeOpened(UUID paymentId, UUID learnerId, List<UUID> courseIds, long amountCents, String reason,
                            Instant openedAt) implements DomainEvent {

    public DisputeOpened {
        courseIds = List.copyOf(courseIds);
    }

    @Override
    public String subject() {
        return paymentId.toString();
    }
}
