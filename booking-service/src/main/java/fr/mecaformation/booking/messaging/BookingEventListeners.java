package fr.mecaformation.booking.messaging;

import fr.mecaformation.booking.application.CoachingPayments;
import fr.mecaformation.booking.application.LearnerErasure;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What other services tell bookings: a paid coaching hour confirms (or re-books, or is owed back), an erased account
 * loses its bookings and personal data. Course payments, refunds and disputes of payment.purchase.v1 are ignored
 * (tolerant reader): a coaching refund changes no booking (payment-service publishes nothing for it).
 */
@Component
public class BookingEventListeners {

    private static final String GROUP = "booking-service.bookings";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BookingEventListeners.class);

    private final EventHandlers handlers;

    public BookingEventListeners(EventDispatcher dispatcher, CoachingPayments coaching, LearnerErasure erasure) {
        // a failed effect is retried by the listener's error handler, which says so without the cause: logged here
        this.handlers = dispatcher.group(GROUP)
                .on(CoachingHourPurchased.class, paid -> coaching.paid(paid)
                        .doOnError(error -> log.warn("coaching payment {} not applied yet", paid.paymentId(), error)))
                .on(UserDeleted.class, deleted -> erasure.erase(deleted.userId())
                        .doOnError(error -> log.warn("erasure of {} not applied yet", deleted.userId(), error)));
    }

    @KafkaListener(topics = PurchaseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onPurchase(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = UserEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onUser(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
