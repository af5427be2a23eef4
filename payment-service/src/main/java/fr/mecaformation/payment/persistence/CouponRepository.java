package fr.mecaformation.payment.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class CouponRepository {

    public record RewardCoupon(UUID rewardId, String code, Integer percentOff, Long amountOffCents, String reason,
                               Instant expiresAt) {
    }

    private final DatabaseClient db;

    public CouponRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> save(UUID rewardId, UUID learnerId, Integer percentOff, Long amountOffCents, String reason, String code,
                           String stripeCouponId, Instant expiresAt, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO reward_coupon (reward_id, learner_id, percent_off, amount_off_cents, reason, code,
                                                   stripe_coupon_id, expires_at, created_at)
                        VALUES (:reward, :learner, :percent, :amount, :reason, :code, :coupon, :expires, :now)
                        ON CONFLICT (reward_id) DO NOTHING""")
                .bind("reward", rewardId).bind("learner", learnerId).bind("reason", reason).bind("code", code)
                .bind("coupon", stripeCouponId).bind("expires", expiresAt.atOffset(ZoneOffset.UTC))
                .bind("now", now.atOffset(ZoneOffset.UTC));
        spec = percentOff == null ? spec.bindNull("percent", Integer.class) : spec.bind("percent", percentOff);
        spec = amountOffCents == null ? spec.bindNull("amount", Long.class) : spec.bind("amount", amountOffCents);
        return spec.then();
    }

    public Flux<RewardCoupon> of(UUID learnerId) {
        return db.sql("SELECT reward_id, code, percent_off, amount_off_cents, reason, expires_at FROM reward_coupon"
                        + " WHERE learner_id = :learner ORDER BY created_at DESC")
                .bind("learner", learnerId)
                .map(row -> new RewardCoupon(row.get("reward_id", UUID.class), row.get("code", String.class),
                        row.get("percent_off", Integer.class), row.get("amount_off_cents", Long.class),
                        row.get("reason", String.class), row.get("expires_at", OffsetDateTime.class).toInstant()))
                .all();
    }
}
