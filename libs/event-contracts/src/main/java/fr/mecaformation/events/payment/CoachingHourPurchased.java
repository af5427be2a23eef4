package fr.mecaformation.events.payment;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner paid for coaching hours with a trainer (to book in the coaching agenda). It grants no course, which is
 * why it is its own event rather than a {@link PaymentSucceeded}: consumers that grant courses never see it as one.
 * Amounts are euro cents, VAT included.
 */
@EventContract(type = "fr.mecaformation.payment.purchase.coaching-purchased.v1", topic = PurchaseEvents.TOPIC,
        schema = "schemas/payment/coaching-hour-purchased.v1.json")
public record CoachingHourPurchased(UUID paymentId, UUID learnerId, int hours, long amountCents, String currency,
                                    Instant paidAt) implements DomainEvent {

    @Override
    public String subject() {
        return paymentId.toString();
    }
}
