package fr.mecaformation.gamification.persistence;

import fr.mecaformation.gamification.domain.Reward;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class RewardRepository {

    public record Redemption(UUID redemptionId, UUID rewardId, String title, String kind, int costXp, Instant redeemedAt) {
    }

    private final DatabaseClient db;

    public RewardRepository(DatabaseClient db) {
        this.db = db;
    }

    public Flux<Reward> active() {
        return db.sql("SELECT * FROM reward WHERE active ORDER BY cost_xp, code").map(RewardRepository::reward).all();
    }

    public Mono<Reward> find(UUID rewardId) {
        return db.sql("SELECT * FROM reward WHERE reward_id = :id").bind("id", rewardId).map(RewardRepository::reward).one();
    }

    private static Reward reward(Readable row) {
        Number amount = row.get("amount_off_cents", Long.class);
        return new Reward(row.get("reward_id", UUID.class), row.get("code", String.class), row.get("title", String.class),
                Reward.Kind.valueOf(row.get("kind", String.class)), row.get("cost_xp", Integer.class),
                row.get("percent_off", Integer.class), amount == null ? null : amount.longValue(),
                row.get("partner", String.class), row.get("stock", Integer.class), row.get("active", Boolean.class));
    }

    public Mono<Void> create(Reward reward) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO reward (reward_id, code, title, kind, cost_xp, percent_off, amount_off_cents, partner, stock, active)
                        VALUES (:id, :code, :title, :kind, :cost, :percent, :amount, :partner, :stock, true)""")
                .bind("id", reward.rewardId()).bind("code", reward.code()).bind("title", reward.title())
                .bind("kind", reward.kind().name()).bind("cost", reward.costXp());
        spec = reward.percentOff() == null ? spec.bindNull("percent", Integer.class) : spec.bind("percent", reward.percentOff());
        spec = reward.amountOffCents() == null ? spec.bindNull("amount", Long.class) : spec.bind("amount", reward.amountOffCents());
        spec = reward.partner() == null ? spec.bindNull("partner", String.class) : spec.bind("partner", reward.partner());
        spec = reward.stock() == null ? spec.bindNull("stock", Integer.class) : spec.bind("stock", reward.stock());
        return spec.then();
    }

    /** Takes one from a limited stock, only while some is left (conditional update). */
    public Mono<Boolean> takeOne(UUID rewardId) {
        return db.sql("""
                        UPDATE reward SET stock = stock - 1 WHERE reward_id = :id AND (stock IS NULL OR stock > 0)""")
                .bind("id", rewardId).fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Void> record(UUID redemptionId, UUID rewardId, UUID learnerId, int cost, Instant at) {
        return db.sql("""
                        INSERT INTO redemption (redemption_id, reward_id, learner_id, cost_xp, redeemed_at)
                        VALUES (:id, :reward, :learner, :cost, :at)""")
                .bind("id", redemptionId).bind("reward", rewardId).bind("learner", learnerId).bind("cost", cost)
                .bind("at", at.atOffset(ZoneOffset.UTC)).then();
    }

    public Flux<Redemption> of(UUID learnerId) {
        return db.sql("""
                        SELECT r.redemption_id, r.reward_id, w.title, w.kind, r.cost_xp, r.redeemed_at
                        FROM redemption r JOIN reward w USING (reward_id)
                        WHERE r.learner_id = :learner ORDER BY r.redeemed_at DESC""")
                .bind("learner", learnerId)
                .map(row -> new Redemption(row.get("redemption_id", UUID.class), row.get("reward_id", UUID.class),
                        row.get("title", String.class), row.get("kind", String.class), row.get("cost_xp", Integer.class),
                        row.get("redeemed_at", OffsetDateTime.class).toInstant()))
                .all();
    }
}
