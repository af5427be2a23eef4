package fr.mecaformation.catalog.messaging;

import fr.mecaformation.catalog.application.Enrolments;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
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
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Access that other services decide: a payment grants its courses, a full refund takes them back, a subscription
 * opens the whole catalog while it runs (past due included), an erased account loses everything. Each event's effect and its id in the inbox commit together, so a redelivered event
 * changes nothing; the listener thread waits for that commit before Kafka's offset moves on.
 */
@Component
public class EnrolmentEventListeners {

    private static final String GROUP = "catalog-service.enrolments";
    private static final EventDescriptor PAYMENT_SUCCEEDED = EventCatalog.of(PaymentSucceeded.class);
    private static final EventDescriptor REFUND_ISSUED = EventCatalog.of(RefundIssued.class);
    private static final EventDescriptor USER_DELETED = EventCatalog.of(UserDeleted.class);
    private static final EventDescriptor SUBSCRIPTION_ACTIVATED = EventCatalog.of(SubscriptionActivated.class);
    private static final EventDescriptor SUBSCRIPTION_PAST_DUE = EventCatalog.of(SubscriptionPastDue.class);
    private static final EventDescriptor SUBSCRIPTION_CANCELLED = EventCatalog.of(SubscriptionCancelled.class);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    private final Enrolments enrolments;
    private final Inbox inbox;

    public EnrolmentEventListeners(Enrolments enrolments, Inbox inbox) {
        this.enrolments = enrolments;
        this.inbox = inbox;
    }

    @KafkaListener(topics = PurchaseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onPurchase(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Mono<Void> effect;
        if (PAYMENT_SUCCEEDED.type().equals(event.type())) {
            PaymentSucceeded paid = event.as(PAYMENT_SUCCEEDED, PaymentSucceeded.class);
            effect = enrolments.grantForPayment(paid.paymentId(), paid.learnerId(), paid.courseIds());
        } else if (REFUND_ISSUED.type().equals(event.type())) {
            RefundIssued refund = event.as(REFUND_ISSUED, RefundIssued.class);
            // a partial refund is a commercial gesture: access stays
            effect = refund.fullRefund() ? enrolments.revokeForRefund(refund.learnerId(), refund.courseIds()) : Mono.empty();
        } else {
            return; // other purchase events (invoices, disputes…) don't change access
        }
        inbox.processOnce(GROUP, event.id(), () -> effect).block(EFFECT_TIMEOUT);
    }

    @KafkaListener(topics = SubscriptionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onSubscription(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Mono<Void> effect;
        if (SUBSCRIPTION_ACTIVATED.type().equals(event.type())) {
            SubscriptionActivated activated = event.as(SUBSCRIPTION_ACTIVATED, SubscriptionActivated.class);
            effect = enrolments.subscriptionChanged(activated.learnerId(), activated.subscriptionId(), "ACTIVE", activated.activatedAt());
        } else if (SUBSCRIPTION_PAST_DUE.type().equals(event.type())) {
            SubscriptionPastDue pastDue = event.as(SUBSCRIPTION_PAST_DUE, SubscriptionPastDue.class);
            effect = enrolments.subscriptionChanged(pastDue.learnerId(), pastDue.subscriptionId(), "PAST_DUE", pastDue.since());
        } else if (SUBSCRIPTION_CANCELLED.type().equals(event.type())) {
            SubscriptionCancelled cancelled = event.as(SUBSCRIPTION_CANCELLED, SubscriptionCancelled.class);
            effect = enrolments.subscriptionChanged(cancelled.learnerId(), cancelled.subscriptionId(), "CANCELLED", cancelled.endedAt());
        } else {
            return;
        }
        inbox.processOnce(GROUP, event.id(), () -> effect).block(EFFECT_TIMEOUT);
    }

    @KafkaListener(topics = UserEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onUser(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!USER_DELETED.type().equals(event.type())) {
            return;
        }
        UserDeleted deleted = event.as(USER_DELETED, UserDeleted.class);
        inbox.processOnce(GROUP, event.id(), () -> enrolments.revokeAllOf(deleted.userId())).block(EFFECT_TIMEOUT);
    }
}
