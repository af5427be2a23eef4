package fr.mecaformation.payment.messaging;

import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.events.gamification.RewardEvents;
import fr.mecaformation.payment.application.Coupons;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Discounts learners earned become Stripe promotion codes, once per reward. */
@Component
public class RewardCoupons {

    private static final String GROUP = "payment-service.rewards";

    private final EventHandlers handlers;

    public RewardCoupons(Coupons coupons, EventDispatcher dispatcher) {
        this.handlers = dispatcher.group(GROUP).on(RewardCouponRequested.class, coupons::grant);
    }

    @KafkaListener(topics = RewardEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
