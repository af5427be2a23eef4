package fr.mecaformation.payment.application;

import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.payment.persistence.CouponRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Discounts learners earned: a single-use Stripe promotion code each, which they type on the checkout page
 * (promotion codes are allowed there). An expired reward makes no code.
 */
@Service
public class Coupons {

    private final CouponRepository coupons;
    private final StripeGateway stripe;
    private final Clock clock;

    public Coupons(CouponRepository coupons, StripeGateway stripe, Clock clock) {
        this.coupons = coupons;
        this.stripe = stripe;
        this.clock = clock;
    }

    public Mono<Void> grant(RewardCouponRequested reward) {
        if (!reward.expiresAt().isAfter(clock.instant())) {
            return Mono.empty();
        }
        // readable, unguessable enough for a single-use discount: derived from the reward id, so a retry keeps it
        String code = "MECA-" + reward.rewardId().toString().replace("-", "").substring(0, 10).toUpperCase(Locale.ROOT);
        return stripe.createRewardCoupon(reward.rewardId(), reward.percentOff(), reward.amountOffCents(), reward.reason(),
                        reward.expiresAt(), code)
                .flatMap(couponId -> coupons.save(reward.rewardId(), reward.learnerId(), reward.percentOff(),
                        reward.amountOffCents(), reward.reason(), code, couponId, reward.expiresAt(), clock.instant()));
    }

    public Mono<List<CouponRepository.RewardCoupon>> mine(Caller learner) {
        return coupons.of(learner.id()).collectList();
    }
}
