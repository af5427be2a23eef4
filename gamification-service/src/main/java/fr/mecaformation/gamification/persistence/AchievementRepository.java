package fr.mecaformation.gamification.persistence;

import fr.mecaformation.gamification.domain.Badge;
import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.gamification.domain.Challenge;
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

/** What learners did and earned besides XP: completions, active days, freezes, challenges, badges; and courses. */
@Repository
public class AchievementRepository {

    public record ChallengeState(String challenge, String periodKey, int progress, Instant completedAt) {
    }

    /** {@code credentialId}: its Open Badges credential (public at /badges/credentials/{id}); null for none. */
    public record EarnedBadge(String code, String title, int xp, Instant earnedAt, UUID credentialId) {
    }

    private final DatabaseClient db;

    public AchievementRepository(DatabaseClient db) {
        this.db = db;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    /** @return true the first time this learner completes this lesson */
    public Mono<Boolean> completeLesson(UUID learnerId, UUID lessonId, UUID courseId, Instant at, boolean qualified) {
        return db.sql("""
                        INSERT INTO completed_lesson (learner_id, lesson_id, course_id, completed_at, qualified)
                        VALUES (:learner, :lesson, :course, :at, :qualified) ON CONFLICT DO NOTHING""")
                .bind("learner", learnerId).bind("lesson", lessonId).bind("course", courseId).bind("at", utc(at))
                .bind("qualified", qualified).fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Boolean> completeCourse(UUID learnerId, UUID courseId, Instant at) {
        return db.sql("""
                        INSERT INTO completed_course (learner_id, course_id, completed_at) VALUES (:learner, :course, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("learner", learnerId).bind("course", courseId).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Mono<Long> qualifiedLessons(UUID learnerId) {
        return count("SELECT count(*) AS n FROM completed_lesson WHERE learner_id = :learner AND qualified", learnerId);
    }

    public Mono<Long> completedCourses(UUID learnerId) {
        return count("SELECT count(*) AS n FROM completed_course WHERE learner_id = :learner", learnerId);
    }

    private Mono<Long> count(String sql, UUID learnerId) {
        return db.sql(sql).bind("learner", learnerId).map(row -> row.get("n", Long.class)).one();
    }

    /** True when the category has published courses and the learner completed every one of them. */
    public Mono<Boolean> completedWholeCategory(UUID learnerId, String category) {
        return db.sql("""
                        SELECT count(*) AS published,
                               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM completed_course cc
                                                              WHERE cc.learner_id = :learner AND cc.course_id = c.course_id)) AS done
                        FROM course c WHERE c.category = :category AND c.status = 'PUBLISHED'""")
                .bind("learner", learnerId).bind("category", category)
                .map(row -> {
                    long published = row.get("published", Long.class);
                    return published > 0 && published == row.get("done", Long.class);
                })
                .one();
    }

    public Mono<Void> upsertCourse(UUID courseId, String category, String status, long revision) {
        return db.sql("""
                        INSERT INTO course (course_id, category, status, revision) VALUES (:course, :category, :status, :revision)
                        ON CONFLICT (course_id) DO UPDATE SET category = EXCLUDED.category, status = EXCLUDED.status,
                                                              revision = EXCLUDED.revision
                        WHERE course.revision <= EXCLUDED.revision""")
                .bind("course", courseId).bind("category", category).bind("status", status).bind("revision", revision)
                .then();
    }

    // --- streaks ---

    /** @return true when this is a new active day for the learner */
    public Mono<Boolean> activeOn(UUID learnerId, LocalDate day, String zone, Instant at) {
        return db.sql("""
                        INSERT INTO activity_day (learner_id, day, zone, first_at) VALUES (:learner, :day, :zone, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("learner", learnerId).bind("day", day).bind("zone", zone).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Covered days (active or forgiven by a freeze), latest first, at most {@code limit}. */
    public Mono<List<LocalDate>> coveredDays(UUID learnerId, int limit) {
        return db.sql("""
                        SELECT day FROM (SELECT day FROM activity_day WHERE learner_id = :learner
                                         UNION SELECT used_on FROM streak_freeze WHERE learner_id = :learner AND used_on IS NOT NULL) d
                        ORDER BY day DESC LIMIT :limit""")
                .bind("learner", learnerId).bind("limit", limit)
                .map(row -> row.get("day", LocalDate.class)).all().collectList();
    }

    public Mono<Integer> unusedFreezes(UUID learnerId) {
        return db.sql("SELECT count(*) AS n FROM streak_freeze WHERE learner_id = :learner AND used_on IS NULL")
                .bind("learner", learnerId).map(row -> row.get("n", Long.class).intValue()).one();
    }

    /** A day really active after all (an offline batch synced late): the freeze spent on it is given back. */
    public Mono<Void> releaseFreezeOn(UUID learnerId, LocalDate day) {
        return db.sql("UPDATE streak_freeze SET used_on = NULL WHERE learner_id = :learner AND used_on = :day")
                .bind("learner", learnerId).bind("day", day).then();
    }

    public Mono<Void> useFreezesOn(UUID learnerId, List<LocalDate> days) {
        return Flux.fromIterable(days).concatMap(day -> db.sql("""
                        UPDATE streak_freeze SET used_on = :day
                        WHERE freeze_id = (SELECT freeze_id FROM streak_freeze WHERE learner_id = :learner AND used_on IS NULL
                                           ORDER BY acquired_at, freeze_id LIMIT 1)""")
                .bind("learner", learnerId).bind("day", day).then()).then();
    }

    public Mono<Boolean> grantFreeze(UUID learnerId, String sourceKey, Instant at) {
        return db.sql("""
                        INSERT INTO streak_freeze (freeze_id, learner_id, source_key, acquired_at)
                        VALUES (:id, :learner, :source, :at) ON CONFLICT ON CONSTRAINT streak_freeze_once DO NOTHING""")
                .bind("id", UUID.randomUUID()).bind("learner", learnerId).bind("source", sourceKey).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    // --- challenges ---

    public Mono<List<Challenge>> challenges() {
        return db.sql("SELECT * FROM challenge ORDER BY CASE period WHEN 'DAY' THEN 1 WHEN 'WEEK' THEN 2 ELSE 3 END, code")
                .map(row -> new Challenge(row.get("code", String.class), row.get("title", String.class),
                        Calendar.Period.valueOf(row.get("period", String.class)),
                        Challenge.Metric.valueOf(row.get("metric", String.class)), row.get("target", Integer.class),
                        row.get("xp", Integer.class)))
                .all().collectList();
    }

    /**
     * One more toward a challenge in a period; completes it when the target is reached, once.
     *
     * @return true when this step completed it
     */
    public Mono<Boolean> advance(UUID learnerId, Challenge challenge, String periodKey, Instant at) {
        // the learner's row is locked by the caller: these two statements see no concurrent step of this learner
        return db.sql("""
                        INSERT INTO challenge_progress (learner_id, challenge, period_key, progress)
                        VALUES (:learner, :challenge, :period, 1)
                        ON CONFLICT (learner_id, challenge, period_key) DO UPDATE SET progress = challenge_progress.progress + 1""")
                .bind("learner", learnerId).bind("challenge", challenge.code()).bind("period", periodKey).then()
                .then(db.sql("""
                                UPDATE challenge_progress SET completed_at = :at
                                WHERE learner_id = :learner AND challenge = :challenge AND period_key = :period
                                  AND completed_at IS NULL AND progress >= :target""")
                        .bind("learner", learnerId).bind("challenge", challenge.code()).bind("period", periodKey)
                        .bind("target", challenge.target()).bind("at", utc(at))
                        .fetch().rowsUpdated().map(n -> n > 0));
    }

    public Flux<ChallengeState> challengeStates(UUID learnerId, List<String> keys) {
        return db.sql("""
                        SELECT challenge, period_key, progress, completed_at FROM challenge_progress
                        WHERE learner_id = :learner AND period_key = ANY(:keys)""")
                .bind("learner", learnerId).bind("keys", keys.toArray(String[]::new))
                .map(row -> new ChallengeState(row.get("challenge", String.class), row.get("period_key", String.class),
                        row.get("progress", Integer.class), instant(row, "completed_at")))
                .all();
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    // --- badges ---

    public Mono<List<Badge>> badges() {
        return db.sql("SELECT * FROM badge ORDER BY xp, code").map(AchievementRepository::badge).all().collectList();
    }

    private static Badge badge(Readable row) {
        return new Badge(row.get("code", String.class), row.get("title", String.class), row.get("description", String.class),
                row.get("xp", Integer.class), Badge.Criterion.valueOf(row.get("criterion", String.class)),
                row.get("threshold", Integer.class), row.get("category", String.class));
    }

    /** @return true the first time */
    public Mono<Boolean> earn(UUID learnerId, String badge, Instant at) {
        return db.sql("""
                        INSERT INTO earned_badge (learner_id, badge, earned_at) VALUES (:learner, :badge, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("learner", learnerId).bind("badge", badge).bind("at", utc(at))
                .fetch().rowsUpdated().map(n -> n > 0);
    }

    public Flux<EarnedBadge> earnedBadges(UUID learnerId) {
        return db.sql("""
                        SELECT b.code, b.title, b.xp, e.earned_at, c.credential_id
                        FROM earned_badge e JOIN badge b ON b.code = e.badge
                        LEFT JOIN badge_credential c ON c.learner_id = e.learner_id AND c.badge = e.badge
                        WHERE e.learner_id = :learner ORDER BY e.earned_at, b.code""")
                .bind("learner", learnerId)
                .map(row -> new EarnedBadge(row.get("code", String.class), row.get("title", String.class),
                        row.get("xp", Integer.class), row.get("earned_at", OffsetDateTime.class).toInstant(),
                        row.get("credential_id", UUID.class)))
                .all();
    }

    // --- cohorts ---

    public Mono<Void> joinCohort(UUID cohortId, UUID learnerId) {
        return db.sql("INSERT INTO cohort_member (cohort_id, learner_id) VALUES (:cohort, :learner) ON CONFLICT DO NOTHING")
                .bind("cohort", cohortId).bind("learner", learnerId).then();
    }
}
