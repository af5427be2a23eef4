package fr.mecaformation.gamification.persistence;

import fr.mecaformation.gamification.domain.LevelCurve;
import fr.mecaformation.gamification.domain.RuleSet;
import fr.mecaformation.gamification.domain.Trigger;
import fr.mecaformation.gamification.domain.XpRule;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Repository
public class RuleRepository {

    private final DatabaseClient db;

    public RuleRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Integer> currentVersion() {
        return db.sql("SELECT max(version) AS version FROM rule_set").map(row -> row.get("version", Integer.class)).one();
    }

    public Mono<RuleSet> active() {
        return currentVersion().flatMap(this::version);
    }

    public Mono<RuleSet> version(int version) {
        Mono<Object[]> head = db.sql("SELECT published_at, level_thresholds FROM rule_set WHERE version = :version")
                .bind("version", version)
                .map(row -> new Object[]{row.get("published_at", OffsetDateTime.class).toInstant(),
                        row.get("level_thresholds", Integer[].class)})
                .one();
        Mono<List<XpRule>> rules = db.sql("""
                        SELECT code, trigger, xp, daily_cap, min_watched_seconds FROM xp_rule
                        WHERE version = :version ORDER BY code""")
                .bind("version", version)
                .map(RuleRepository::rule)
                .all().collectList();
        return head.zipWith(rules, (h, r) -> new RuleSet(version, (Instant) h[0],
                new LevelCurve(Arrays.asList((Integer[]) h[1])), r));
    }

    private static XpRule rule(Readable row) {
        return new XpRule(row.get("code", String.class), Trigger.valueOf(row.get("trigger", String.class)),
                row.get("xp", Integer.class), row.get("daily_cap", Integer.class), row.get("min_watched_seconds", Double.class));
    }

    /**
     * Publishes {@code basedOn + 1}; the primary key makes two admins publishing from the same version race to one
     * winner (the other gets a duplicate key, answered 409 by the use case).
     */
    public Mono<Void> publish(int version, List<Integer> thresholds, List<XpRule> rules, UUID by, Instant at) {
        Mono<Void> head = db.sql("""
                        INSERT INTO rule_set (version, published_at, published_by, level_thresholds)
                        VALUES (:version, :at, :by, :thresholds)""")
                .bind("version", version).bind("at", at.atOffset(ZoneOffset.UTC)).bind("by", by)
                .bind("thresholds", thresholds.toArray(Integer[]::new))
                .then();
        Flux<Long> lines = Flux.fromIterable(rules).concatMap(rule -> {
            DatabaseClient.GenericExecuteSpec spec = db.sql("""
                            INSERT INTO xp_rule (version, code, trigger, xp, daily_cap, min_watched_seconds)
                            VALUES (:version, :code, :trigger, :xp, :cap, :watched)""")
                    .bind("version", version).bind("code", rule.code()).bind("trigger", rule.trigger().name())
                    .bind("xp", rule.xp());
            spec = rule.dailyCap() == null ? spec.bindNull("cap", Integer.class) : spec.bind("cap", rule.dailyCap());
            spec = rule.minWatchedSeconds() == null ? spec.bindNull("watched", Double.class)
                    : spec.bind("watched", rule.minWatchedSeconds());
            return spec.fetch().rowsUpdated();
        });
        return head.thenMany(lines).then();
    }
}
