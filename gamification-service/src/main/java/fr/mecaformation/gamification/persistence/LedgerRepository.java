package fr.mecaformation.gamification.persistence;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** The XP ledger and the learner rows derived from it. */
@Repository
public class LedgerRepository {

    public record LearnerRow(UUID learnerId, long totalXp, long spentXp, int level, boolean hidden) {
        public long balance() {
            return totalXp - spentXp;
        }
    }

    public record Award(UUID awardId, String rule, Integer ruleVersion, String sourceEvent, int xp, boolean capped,
                        Instant occurredAt, LocalDate localDay, Instant awardedAt) {
    }

    public record NewAward(UUID learnerId, String rule, Integer ruleVersion, String sourceEvent, int xp, boolean capped,
                           Instant occurredAt, LocalDate localDay, String isoWeek, Instant awardedAt) {
    }

    private final DatabaseClient db;

    public LedgerRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> isErased(UUID learnerId) {
        return db.sql("SELECT count(*) AS n FROM erased_learner WHERE learner_id = :learner").bind("learner", learnerId)
                .map(row -> row.get("n", Long.class) > 0).one();
    }

    /**
     * The learner's row, created when first seen and locked until the transaction ends: one learner's awards are
     * decided one after the other (daily caps, levels, streaks), whatever the number of consumers or instances.
     */
    public Mono<LearnerRow> lock(UUID learnerId) {
        return db.sql("INSERT INTO learner (learner_id) VALUES (:learner) ON CONFLICT DO NOTHING")
                .bind("learner", learnerId).then()
                .then(db.sql("SELECT * FROM learner WHERE learner_id = :learner FOR UPDATE").bind("learner", learnerId)
                        .map(LedgerRepository::learner).one());
    }

    public Mono<LearnerRow> find(UUID learnerId) {
        return db.sql("SELECT * FROM learner WHERE learner_id = :learner").bind("learner", learnerId)
                .map(LedgerRepository::learner).one();
    }

    private static LearnerRow learner(Readable row) {
        return new LearnerRow(row.get("learner_id", UUID.class), row.get("total_xp", Long.class),
                row.get("spent_xp", Long.class), row.get("level", Integer.class), row.get("hidden_from_boards", Boolean.class));
    }

    public Mono<String> zoneAt(UUID learnerId, Instant at) {
        return db.sql("""
                        SELECT zone FROM learner_zone WHERE learner_id = :learner AND effective_from <= :at
                        ORDER BY effective_from DESC LIMIT 1""")
                .bind("learner", learnerId).bind("at", at.atOffset(ZoneOffset.UTC))
                .map(row -> row.get("zone", String.class)).one();
    }

    public Mono<Void> setZone(UUID learnerId, String zone, Instant from) {
        return db.sql("""
                        INSERT INTO learner_zone (learner_id, effective_from, zone) VALUES (:learner, :from, :zone)
                        ON CONFLICT (learner_id, effective_from) DO UPDATE SET zone = EXCLUDED.zone""")
                .bind("learner", learnerId).bind("from", from.atOffset(ZoneOffset.UTC)).bind("zone", zone).then();
    }

    public Mono<Void> setHidden(UUID learnerId, boolean hidden) {
        return db.sql("UPDATE learner SET hidden_from_boards = :hidden WHERE learner_id = :learner")
                .bind("learner", learnerId).bind("hidden", hidden).then()
                .then(db.sql("UPDATE board_score SET hidden = :hidden WHERE learner_id = :learner")
                        .bind("learner", learnerId).bind("hidden", hidden).then());
    }

    public Mono<Long> awardsOfDay(UUID learnerId, String rule, LocalDate day) {
        return db.sql("""
                        SELECT count(*) AS n FROM xp_award
                        WHERE learner_id = :learner AND rule = :rule AND local_day = :day AND NOT capped""")
                .bind("learner", learnerId).bind("rule", rule).bind("day", day)
                .map(row -> row.get("n", Long.class)).one();
    }

    /** @return the new award's id, or empty when this learner already has this rule's award for this source */
    public Mono<UUID> insert(NewAward award) {
        UUID id = UUID.randomUUID();
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO xp_award (award_id, learner_id, rule, rule_version, source_event, xp, capped,
                                              occurred_at, local_day, iso_week, awarded_at)
                        VALUES (:id, :learner, :rule, :version, :source, :xp, :capped, :occurred, :day, :week, :awarded)
                        ON CONFLICT ON CONSTRAINT xp_award_once DO NOTHING""")
                .bind("id", id).bind("learner", award.learnerId()).bind("rule", award.rule())
                .bind("source", award.sourceEvent()).bind("xp", award.xp()).bind("capped", award.capped())
                .bind("occurred", award.occurredAt().atOffset(ZoneOffset.UTC)).bind("day", award.localDay())
                .bind("week", award.isoWeek()).bind("awarded", award.awardedAt().atOffset(ZoneOffset.UTC));
        spec = award.ruleVersion() == null ? spec.bindNull("version", Integer.class) : spec.bind("version", award.ruleVersion());
        return spec.fetch().rowsUpdated().filter(inserted -> inserted > 0).map(inserted -> id);
    }

    public record Credited(long totalXp, int level) {
    }

    /** @return the new total and the level stored before it */
    public Mono<Credited> credit(UUID learnerId, int xp, String isoWeek) {
        return db.sql("UPDATE learner SET total_xp = total_xp + :xp WHERE learner_id = :learner RETURNING total_xp, level")
                .bind("learner", learnerId).bind("xp", xp)
                .map(row -> new Credited(row.get("total_xp", Long.class), row.get("level", Integer.class))).one()
                // the boards' rollup, in the same transaction: all-time and the award's ISO week
                .flatMap(credited -> db.sql("""
                                INSERT INTO board_score (period, learner_id, xp, hidden)
                                SELECT p, l.learner_id, :xp, l.hidden_from_boards
                                FROM learner l CROSS JOIN unnest(CAST(:periods AS text[])) p WHERE l.learner_id = :learner
                                ON CONFLICT (period, learner_id) DO UPDATE SET xp = board_score.xp + EXCLUDED.xp""")
                        .bind("learner", learnerId).bind("xp", xp)
                        .bind("periods", new String[]{"ALL", "W:" + isoWeek})
                        .then().thenReturn(credited));
    }

    /** Makes sure the learner has a row (redemptions of someone never seen simply find no balance). */
    public Mono<Void> ensure(UUID learnerId) {
        return db.sql("INSERT INTO learner (learner_id) VALUES (:learner) ON CONFLICT DO NOTHING").bind("learner", learnerId).then();
    }

    public Mono<Void> setLevel(UUID learnerId, int level) {
        return db.sql("UPDATE learner SET level = :level WHERE learner_id = :learner")
                .bind("learner", learnerId).bind("level", level).then();
    }

    /**
     * Debits XP only if the balance covers it, in one conditional statement (and the table's CHECK behind it): of
     * concurrent redemptions, only those the balance pays for change a row.
     */
    public Mono<Boolean> debit(UUID learnerId, int xp) {
        return db.sql("""
                        UPDATE learner SET spent_xp = spent_xp + :xp
                        WHERE learner_id = :learner AND total_xp - spent_xp >= :xp""")
                .bind("learner", learnerId).bind("xp", xp).fetch().rowsUpdated().map(updated -> updated > 0);
    }

    public Flux<Award> history(UUID learnerId, int limit) {
        return db.sql("""
                        SELECT award_id, rule, rule_version, source_event, xp, capped, occurred_at, local_day, awarded_at
                        FROM xp_award WHERE learner_id = :learner ORDER BY awarded_at DESC, award_id LIMIT :limit""")
                .bind("learner", learnerId).bind("limit", limit)
                .map(row -> new Award(row.get("award_id", UUID.class), row.get("rule", String.class),
                        row.get("rule_version", Integer.class), row.get("source_event", String.class),
                        row.get("xp", Integer.class), row.get("capped", Boolean.class),
                        row.get("occurred_at", OffsetDateTime.class).toInstant(), row.get("local_day", LocalDate.class),
                        row.get("awarded_at", OffsetDateTime.class).toInstant()))
                .all();
    }

    /**
     * Recomputes every learner's total, spent XP and level from the ledger and the redemptions alone, in one
     * statement, and says how many rows it had to change (0 when the derived state was exact).
     */
    public Mono<Long> rebuild(List<Integer> thresholds) {
        return db.sql("""
                        WITH earned AS (SELECT learner_id, coalesce(sum(xp), 0) AS total FROM xp_award GROUP BY learner_id),
                             spent AS (SELECT learner_id, coalesce(sum(cost_xp), 0) AS spent FROM redemption
                                       WHERE learner_id IS NOT NULL GROUP BY learner_id),
                             derived AS (
                                 SELECT l.learner_id, coalesce(e.total, 0) AS total, coalesce(s.spent, 0) AS spent,
                                        greatest(1, (SELECT count(*) FROM unnest(CAST(:thresholds AS integer[])) t
                                                     WHERE t <= coalesce(e.total, 0)))::integer AS level
                                 FROM learner l LEFT JOIN earned e USING (learner_id) LEFT JOIN spent s USING (learner_id))
                        UPDATE learner l SET total_xp = d.total, spent_xp = d.spent, level = d.level
                        FROM derived d
                        WHERE l.learner_id = d.learner_id
                          AND (l.total_xp, l.spent_xp, l.level) IS DISTINCT FROM (d.total, d.spent, d.level)""")
                .bind("thresholds", thresholds.toArray(Integer[]::new))
                .fetch().rowsUpdated()
                // the boards' rollup from the ledger too (not counted: it follows the totals)
                .flatMap(corrected -> db.sql("DELETE FROM board_score").then()
                        .then(db.sql("""
                                INSERT INTO board_score (period, learner_id, xp, hidden)
                                SELECT p.period, a.learner_id, sum(a.xp), bool_or(l.hidden_from_boards)
                                FROM xp_award a JOIN learner l USING (learner_id)
                                CROSS JOIN LATERAL (VALUES ('ALL'), ('W:' || a.iso_week)) p(period)
                                WHERE a.xp > 0 GROUP BY p.period, a.learner_id""").then())
                        .thenReturn(corrected));
    }

    public Mono<Long> learners() {
        return db.sql("SELECT count(*) AS n FROM learner").map(row -> row.get("n", Long.class)).one();
    }

    public Mono<Void> erase(UUID learnerId, Instant at) {
        return db.sql("""
                        INSERT INTO erased_learner (learner_id, erased_at) VALUES (:learner, :at) ON CONFLICT DO NOTHING""")
                .bind("learner", learnerId).bind("at", at.atOffset(ZoneOffset.UTC)).then()
                .thenMany(Flux.fromIterable(List.of("xp_award", "learner_zone", "completed_lesson", "completed_course",
                                "activity_day", "streak_freeze", "challenge_progress", "earned_badge", "cohort_member", "learner_name", "board_score", "learner"))
                        .concatMap(table -> db.sql("DELETE FROM " + table + " WHERE learner_id = :learner")
                                .bind("learner", learnerId).then()))
                // the count of redemptions (stock, figures) outlives the person
                .then(db.sql("UPDATE redemption SET learner_id = NULL WHERE learner_id = :learner")
                        .bind("learner", learnerId).then());
    }
}
