package fr.mecaformation.gamification.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Leaderboards from the {@code board_score} rollup (kept in each award's transaction): one row per learner and period
 * ({@code ALL} or {@code W:<iso week>}), read in board order through a partial index (xp descending, then learner id
 * for a stable order). Learners who opted out are left out before ranking, so nobody's rank reveals them. Dense
 * ranks: equal XP, equal rank, no gap after a tie; a rank is 1 + the number of distinct scores above.
 */
@Repository
public class LeaderboardRepository {

    public record Row(UUID learnerId, String displayName, long xp) {
    }

    private static final String SELECT = """
            SELECT b.learner_id, b.xp, n.display_name FROM board_score b LEFT JOIN learner_name n USING (learner_id)
            WHERE b.period = :period AND NOT b.hidden AND b.xp > 0""";
    private static final String MEMBERS = " AND b.learner_id IN (SELECT learner_id FROM cohort_member WHERE cohort_id = :cohort)";

    private final DatabaseClient db;

    public LeaderboardRepository(DatabaseClient db) {
        this.db = db;
    }

    private DatabaseClient.GenericExecuteSpec sql(String where, String period, UUID cohort) {
        DatabaseClient.GenericExecuteSpec spec = db.sql(SELECT + (cohort == null ? "" : MEMBERS) + where).bind("period", period);
        return cohort == null ? spec : spec.bind("cohort", cohort);
    }

    public Flux<Row> top(String period, UUID cohort, int limit) {
        return sql(" ORDER BY b.xp DESC, b.learner_id LIMIT :limit", period, cohort).bind("limit", limit)
                .map(LeaderboardRepository::row).all();
    }

    /** The learner's own line, if they are on this board (not hidden, some XP, a member for a cohort's board). */
    public Mono<Row> line(String period, UUID cohort, UUID learner) {
        return sql(" AND b.learner_id = :me", period, cohort).bind("me", learner).map(LeaderboardRepository::row).one();
    }

    /**
     * 1 + the number of distinct scores above {@code xp}. On a global board the distinct scores are read by a skip
     * scan (one index probe per distinct score; {@code xp > 0} spelled out so the partial index applies) rather
     * than counting every learner above.
     */
    public Mono<Long> rankOf(String period, UUID cohort, long xp) {
        DatabaseClient.GenericExecuteSpec spec = cohort != null
                ? db.sql("SELECT 1 + count(DISTINCT b.xp) AS rank FROM board_score b"
                        + " WHERE b.period = :period AND NOT b.hidden AND b.xp > :xp" + MEMBERS).bind("cohort", cohort)
                : db.sql("""
                        WITH RECURSIVE above(xp) AS (
                            (SELECT b.xp FROM board_score b WHERE b.period = :period AND NOT b.hidden AND b.xp > 0 AND b.xp > :xp
                             ORDER BY b.xp LIMIT 1)
                            UNION ALL
                            SELECT (SELECT b.xp FROM board_score b WHERE b.period = :period AND NOT b.hidden AND b.xp > 0 AND b.xp > above.xp
                                    ORDER BY b.xp LIMIT 1)
                            FROM above WHERE above.xp IS NOT NULL)
                        SELECT 1 + count(xp) AS rank FROM above""");
        return spec.bind("period", period).bind("xp", xp).map(row -> row.get("rank", Long.class)).one();
    }

    /** Up to {@code radius} lines just above {@code line}, nearest first (ties first, each half an index range). */
    public Flux<Row> above(String period, UUID cohort, Row line, int radius) {
        return sql(" AND b.xp = :xp AND b.learner_id < :me ORDER BY b.learner_id DESC LIMIT :radius", period, cohort)
                .bind("xp", line.xp()).bind("me", line.learnerId()).bind("radius", radius)
                .map(LeaderboardRepository::row).all()
                .concatWith(Flux.defer(() -> sql(" AND b.xp > :xp ORDER BY b.xp, b.learner_id DESC LIMIT :radius", period, cohort)
                        .bind("xp", line.xp()).bind("radius", radius).map(LeaderboardRepository::row).all()))
                .take(radius);
    }

    /** Up to {@code radius} lines just below {@code line}, nearest first. */
    public Flux<Row> below(String period, UUID cohort, Row line, int radius) {
        return sql(" AND b.xp = :xp AND b.learner_id > :me ORDER BY b.learner_id LIMIT :radius", period, cohort)
                .bind("xp", line.xp()).bind("me", line.learnerId()).bind("radius", radius)
                .map(LeaderboardRepository::row).all()
                .concatWith(Flux.defer(() -> sql(" AND b.xp < :xp ORDER BY b.xp DESC, b.learner_id LIMIT :radius", period, cohort)
                        .bind("xp", line.xp()).bind("radius", radius).map(LeaderboardRepository::row).all()))
                .take(radius);
    }

    private static Row row(io.r2dbc.spi.Readable row) {
        return new Row(row.get("learner_id", UUID.class), row.get("display_name", String.class), row.get("xp", Long.class));
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
