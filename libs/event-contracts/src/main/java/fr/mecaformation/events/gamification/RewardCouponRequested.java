package fr.mecaformation.events.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner earned a discount (a badge, a streak…): payment-service creates a single-use coupon for them, valid
 * until {@code expiresAt}. Exactly one of {@code percentOff} (1–100) and {@code amountOffCents} is set.
 * {@code rewardId} makes a redelivery harmless: one reward, one coupon.
 */
@EventContract(type = "fr.mecaformation.gamification.reward.coupon-requested.v1", topic = RewardEvents.TOPIC,
        schema = "schemas/gamification/reward-coupon-requested.v1.json")
public record RewardCouponRequested(UUID rewardId, UUID learnerId, Integer percentOff, Long amountOffCents, String reason,
                                    Instant expiresAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
