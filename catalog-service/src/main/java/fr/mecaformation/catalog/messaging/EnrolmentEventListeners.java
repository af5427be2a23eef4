package fr.mecaformation.catalog.messaging;

import fr.mecaformation.catalog.application.Enrolments;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.PaymentSucceeded;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.RefundIssued;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Access that other services decide: a payment grants its courses, a full refund takes them back, a subscription
 * opens the whole catalog while it runs (past due included), an erased account loses everything. Each event's
 * effect and its id in the inbox commit together (the platform's dispatcher), so a redelivered event changes
 * nothing; other events of these topics (invoices, disputes, coaching hours…) don't change access and are ignored.
 */
@Component
public class EnrolmentEventListeners {

    private static final String GROUP = "catalog-service.enrolments";

    private final EventHandlers handlers;

    public EnrolmentEventListeners(Enrolments enrolments, EventDispatcher dispatcher) {
        this.handlers = dispatcher.group(GROUP)
                .on(PaymentSucceeded.class, paid -> enrolments.grantForPayment(paid.paymentId(), paid.learnerId(), paid.courseIds()))
                // a partial refund is a commercial gesture: access stays
                .on(RefundIssued.class, refund -> refund.fullRefund()
                        ? enrolments.revokeForRefund(refund.learnerId(), refund.courseIds()) : Mono.empty())
                .on(SubscriptionActivated.class, activated -> enrolments.subscriptionChanged(activated.learnerId(),
                        activated.subscriptionId(), "ACTIVE", activated.activatedAt()))
                .on(SubscriptionPastDue.class, pastDue -> enrolments.subscriptionChanged(pastDue.learnerId(),
                        pastDue.subscriptionId(), "PAST_DUE", pastDue.since()))
                .on(SubscriptionCancelled.class, cancelled -> enrolments.subscriptionChanged(cancelled.learnerId(),
                        cancelled.subscriptionId(), "CANCELLED", cancelled.endedAt()))
                .on(UserDeleted.class, deleted -> enrolments.revokeAllOf(deleted.userId()));
    }

    @KafkaListener(topics = PurchaseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onPurchase(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = SubscriptionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onSubscription(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = UserEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onUser(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
