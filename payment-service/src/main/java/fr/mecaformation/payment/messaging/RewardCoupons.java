package fr.mecaformation.payment.messaging;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.events.gamification.RewardEvents;
import fr.mecaformation.payment.application.Coupons;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.IncomingEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** Discounts learners earned become Stripe promotion codes, once per reward. */
@Component
public class RewardCoupons {

    private static final String GROUP = "payment-service.rewards";
    private static final EventDescriptor REQUESTED = EventCatalog.of(RewardCouponRequested.class);

    private final Coupons coupons;
    private final Inbox inbox;

    public RewardCoupons(Coupons coupons, Inbox inbox) {
        this.coupons = coupons;
        this.inbox = inbox;
    }

    @KafkaListener(topics = RewardEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (!REQUESTED.type().equals(event.type())) {
            return;
        }
        RewardCouponRequested reward = event.as(REQUESTED, RewardCouponRequested.class);
        inbox.processOnce(GROUP, event.id(), () -> coupons.grant(reward)).block(Duration.ofSeconds(60));
    }
}
