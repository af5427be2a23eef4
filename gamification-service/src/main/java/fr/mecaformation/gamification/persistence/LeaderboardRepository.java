package fr.mecaformation.gamification.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Leaderboards as SQL rollups over the ledger: all-time from the learners' derived totals (an index in XP order),
 * weekly from the ledger's awards of one ISO week (an index on the week). Dense ranks (equal XP, equal rank, no gap
 * after a tie); learners who opted out are left out before ranking, so nobody's rank reveals them.
 */
@Repository
public class LeaderboardRepository {

    public record Row(UUID learnerId, String displayName, long xp, long rank, long position) {
    }

    private final DatabaseClient db;

    public LeaderboardRepository(DatabaseClient db) {
        this.db = db;
    }

    private static String ranked(boolean weekly, boolean cohort) {
        String score = weekly ? "coalesce(w.xp, 0)" : "l.total_xp";
        String week = weekly ? " " + """
                 LEFT JOIN (SELECT learner_id, sum(xp) AS xp FROM xp_award WHERE iso_week = :week AND xp > 0
                            GROUP BY learner_id) w ON w.learner_id = l.learner_id""" : "";
        String members = cohort ? " JOIN cohort_member m ON m.learner_id = l.learner_id AND m.cohort_id = :cohort" : "";
        return """
                WITH scores AS (
                    SELECT l.learner_id, %s AS xp FROM learner l%s%s WHERE NOT l.hidden_from_boards),
                ranked AS (
                    SELECT learner_id, xp, dense_rank() OVER (ORDER BY xp DESC) AS rank,
                           row_number() OVER (ORDER BY xp DESC, learner_id) AS position
                    FROM scores WHERE xp > 0)
                """.formatted(score, members, week);
    }

    public Flux<Row> top(String week, UUID cohort, int limit) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(ranked(week != null, cohort != null) + """
                        SELECT r.*, n.display_name FROM ranked r LEFT JOIN learner_name n USING (learner_id)
                        WHERE r.position <= :limit ORDER BY r.position""")
                .bind("limit", limit);
        return bind(spec, week, cohort).map(LeaderboardRepository::row).all();
    }

    /** The caller's neighbourhood: {@code radius} places above and below them (empty when they are not on the board). */
    public Flux<Row> around(UUID learner, String week, UUID cohort, int radius) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(ranked(week != null, cohort != null) + """
                        , mine AS (SELECT position FROM ranked WHERE learner_id = :me)
                        SELECT r.*, n.display_name FROM ranked r CROSS JOIN mine LEFT JOIN learner_name n USING (learner_id)
                        WHERE r.position BETWEEN mine.position - :radius AND mine.position + :radius ORDER BY r.position""")
                .bind("me", learner).bind("radius", radius);
        return bind(spec, week, cohort).map(LeaderboardRepository::row).all();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, String week, UUID cohort) {
        if (week != null) {
            spec = spec.bind("week", week);
        }
        return cohort == null ? spec : spec.bind("cohort", cohort);
    }

    private static Row row(io.r2dbc.spi.Readable row) {
        return new Row(row.get("learner_id", UUID.class), row.get("display_name", String.class),
                ((Number) row.get("xp")).longValue(), row.get("rank", Long.class), row.get("position", Long.class));
    }

    /** Who may see a cohort's board: its members and its trainer. */
    public Mono<Boolean> mayView(UUID cohort, UUID caller) {
        return db.sql("""
                        SELECT EXISTS (SELECT 1 FROM cohort_member WHERE cohort_id = :cohort AND learner_id = :caller)
                            OR EXISTS (SELECT 1 FROM cohort WHERE cohort_id = :cohort AND trainer_id = :caller) AS allowed""")
                .bind("cohort", cohort).bind("caller", caller).map(row -> row.get("allowed", Boolean.class)).one();
    }

    public Mono<Void> cohort(UUID cohort, String name, UUID trainer) {
        return db.sql("""
                        INSERT INTO cohort (cohort_id, name, trainer_id) VALUES (:cohort, :name, :trainer)
                        ON CONFLICT (cohort_id) DO UPDATE SET name = EXCLUDED.name, trainer_id = EXCLUDED.trainer_id""")
                .bind("cohort", cohort).bind("name", name).bind("trainer", trainer).then();
    }

    public Mono<Void> name(UUID learner, String displayName, long revision) {
        return db.sql("""
                        INSERT INTO learner_name (learner_id, display_name, revision) VALUES (:learner, :name, :revision)
                        ON CONFLICT (learner_id) DO UPDATE SET display_name = EXCLUDED.display_name, revision = EXCLUDED.revision
                        WHERE learner_name.revision < EXCLUDED.revision""")
                .bind("learner", learner).bind("name", displayName).bind("revision", revision).then();
    }
}
