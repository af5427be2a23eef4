package fr.mecaformation.events.gamification;

/** Wire constants of rewards. gamification-service publishes; payment-service turns coupons into Stripe coupons. */
public final class RewardEvents {

    public static final String TOPIC = "gamification.reward.v1";

    private RewardEvents() {
    }
}
