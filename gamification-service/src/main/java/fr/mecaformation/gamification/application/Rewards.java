package fr.mecaformation.gamification.application;

import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.gamification.config.GamificationProperties;
import fr.mecaformation.gamification.domain.Reward;
import fr.mecaformation.gamification.persistence.AchievementRepository;
import fr.mecaformation.gamification.persistence.LedgerRepository;
import fr.mecaformation.gamification.persistence.RewardRepository;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rewards catalogue and redemptions with XP. The debit is one conditional UPDATE (balance ≥ cost) behind a
 * CHECK constraint, so concurrent redemptions can never spend the same XP twice; everything a redemption does
 * (debit, stock, freeze, coupon event) commits together or not at all.
 */
@Service
public class Rewards {

    public record Redeemed(UUID redemptionId, Reward reward, long balanceXp, Instant redeemedAt) {
    }

    public static final int MAX_FREEZES = 2;

    private final RewardRepository rewards;
    private final LedgerRepository ledger;
    private final AchievementRepository achievements;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final GamificationProperties properties;
    private final Clock clock;

    public Rewards(RewardRepository rewards, LedgerRepository ledger, AchievementRepository achievements, OutboxWriter outbox,
                   TransactionalOperator transactional, GamificationProperties properties, Clock clock) {
        this.rewards = rewards;
        this.ledger = ledger;
        this.achievements = achievements;
        this.outbox = outbox;
        this.transactional = transactional;
        this.properties = properties;
        this.clock = clock;
    }

    public Flux<Reward> catalogue() {
        return rewards.active();
    }

    public Mono<List<RewardRepository.Redemption>> mine(Caller learner) {
        return rewards.of(learner.id()).collectList();
    }

    public Mono<Reward> create(Reward reward) {
        return rewards.create(reward)
                .onErrorMap(DataIntegrityViolationException.class,
                        e -> new DomainException.Conflict("Une récompense de code « " + reward.code() + " » existe déjà."))
                .then(rewards.find(reward.rewardId()));
    }

    public Mono<Redeemed> redeem(Caller learner, UUID rewardId) {
        UUID redemptionId = UUID.randomUUID();
        Instant now = clock.instant();
        Mono<Redeemed> redeem = rewards.find(rewardId)
                .filter(Reward::active)
                .switchIfEmpty(Mono.error(() -> new Reward.NotFound(rewardId)))
                .flatMap(reward -> ledger.debit(learner.id(), reward.costXp())
                        .flatMap(debited -> debited ? Mono.just(reward) : Mono.error(new Reward.InsufficientBalance(reward.costXp()))))
                .flatMap(reward -> rewards.takeOne(rewardId)
                        .flatMap(taken -> taken ? Mono.just(reward) : Mono.error(new Reward.OutOfStock(reward.title()))))
                .flatMap(reward -> rewards.record(redemptionId, rewardId, learner.id(), reward.costXp(), now)
                        .then(deliver(learner.id(), redemptionId, reward, now))
                        .then(ledger.find(learner.id()))
                        .map(row -> new Redeemed(redemptionId, reward, row.balance(), now)));
        return transactional.transactional(redeem);
    }

    private Mono<Void> deliver(UUID learner, UUID redemptionId, Reward reward, Instant now) {
        return switch (reward.kind()) {
            // the redemption's id is the coupon's rewardId: payment-service makes one coupon per redemption
            case DISCOUNT -> outbox.append(new RewardCouponRequested(redemptionId, learner, reward.percentOff(),
                    reward.amountOffCents(), "Récompense « " + reward.title() + " » échangée contre " + reward.costXp() + " XP",
                    now.plus(properties.couponValidity())));
            case STREAK_FREEZE -> achievements.unusedFreezes(learner)
                    .flatMap(unused -> unused >= MAX_FREEZES ? Mono.error(new Reward.TooManyFreezes(MAX_FREEZES))
                            : achievements.grantFreeze(learner, "redemption:" + redemptionId, now).then());
            // equipment and coaching hours are fulfilled by people from the redemption list
            case EQUIPMENT, COACHING_HOUR -> Mono.empty();
        };
    }
}
