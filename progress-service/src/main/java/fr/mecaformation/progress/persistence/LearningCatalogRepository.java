package fr.mecaformation.progress.persistence;

import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.LessonPublished;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** The projections of other domains' events: courses, lessons, access, subscriptions, learners' names. */
@Repository
public class LearningCatalogRepository {

    private final DatabaseClient db;

    public LearningCatalogRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Keeps the newest revision the catalog announced; an older one arriving late changes nothing. */
    public Mono<Void> upsertCourse(CourseSnapshot course, Instant now) {
        return db.sql("""
                        INSERT INTO course (course_id, owner_id, title, status, revision, updated_at)
                        VALUES (:id, :owner, :title, :status, :revision, :now)
                        ON CONFLICT (course_id) DO UPDATE SET owner_id = excluded.owner_id, title = excluded.title,
                            status = excluded.status, revision = excluded.revision, updated_at = excluded.updated_at
                        WHERE course.revision < excluded.revision""")
                .bind("id", course.courseId()).bind("owner", course.ownerId()).bind("title", course.title())
                .bind("status", course.status()).bind("revision", course.revision()).bind("now", utc(now))
                .then();
    }

    public Mono<Void> upsertLesson(LessonPublished lesson) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO lesson (lesson_id, course_id, module_id, module_position, position, kind, title,
                                            duration_seconds, published_at)
                        VALUES (:id, :course, :module, :modulePosition, :position, :kind, :title, :duration, :publishedAt)
                        ON CONFLICT (lesson_id) DO UPDATE SET module_id = excluded.module_id,
                            module_position = excluded.module_position, position = excluded.position, kind = excluded.kind,
                            title = excluded.title, duration_seconds = excluded.duration_seconds,
                            published_at = excluded.published_at
                        WHERE lesson.published_at <= excluded.published_at""")
                .bind("id", lesson.lessonId()).bind("course", lesson.courseId()).bind("module", lesson.moduleId())
                .bind("modulePosition", lesson.modulePosition() == null ? 1 : lesson.modulePosition())
                .bind("position", lesson.position()).bind("kind", lesson.kind()).bind("title", lesson.title())
                .bind("publishedAt", utc(lesson.publishedAt()));
        spec = lesson.videoDurationSeconds() == null ? spec.bindNull("duration", Double.class)
                : spec.bind("duration", lesson.videoDurationSeconds());
        return spec.then();
    }

    public Mono<Void> grantAccess(UUID learnerId, UUID courseId, Instant grantedAt) {
        return db.sql("""
                        INSERT INTO course_access (learner_id, course_id, granted_at) VALUES (:learner, :course, :at)
                        ON CONFLICT (learner_id, course_id) DO NOTHING""")
                .bind("learner", learnerId).bind("course", courseId).bind("at", utc(grantedAt))
                .then();
    }

    public Mono<Void> revokeAccess(UUID learnerId, UUID courseId) {
        return db.sql("DELETE FROM course_access WHERE learner_id = :learner AND course_id = :course")
                .bind("learner", learnerId).bind("course", courseId)
                .then();
    }

    /** The newest change of a learner's subscription wins, whatever order payment's events arrive in. */
    public Mono<Void> subscriptionChanged(UUID learnerId, UUID subscriptionId, String status, Instant changedAt) {
        return db.sql("""
                        INSERT INTO learner_subscription (learner_id, subscription_id, status, changed_at)
                        VALUES (:learner, :subscription, :status, :at)
                        ON CONFLICT (learner_id) DO UPDATE SET subscription_id = excluded.subscription_id,
                            status = excluded.status, changed_at = excluded.changed_at
                        WHERE learner_subscription.changed_at <= excluded.changed_at""")
                .bind("learner", learnerId).bind("subscription", subscriptionId.toString()).bind("status", status)
                .bind("at", utc(changedAt))
                .then();
    }

    /** @param legalName null in events from before auth-service sent it: the one already known stays */
    public Mono<Void> upsertLearner(UUID learnerId, String displayName, String legalName, long revision) {
        var spec = db.sql("""
                        INSERT INTO learner (learner_id, display_name, legal_name, revision) VALUES (:id, :name, :legal, :revision)
                        ON CONFLICT (learner_id) DO UPDATE SET display_name = excluded.display_name,
                            legal_name = coalesce(excluded.legal_name, learner.legal_name), revision = excluded.revision
                        WHERE learner.revision < excluded.revision""")
                .bind("id", learnerId).bind("name", displayName).bind("revision", revision);
        return (legalName == null ? spec.bindNull("legal", String.class) : spec.bind("legal", legalName)).then();
    }

    public Mono<Void> addCohortMember(UUID cohortId, String cohortName, UUID trainerId, UUID learnerId, Instant addedAt) {
        return db.sql("""
                        INSERT INTO cohort_member (cohort_id, cohort_name, trainer_id, learner_id, added_at)
                        VALUES (:cohort, :name, :trainer, :learner, :at)
                        ON CONFLICT (cohort_id, learner_id) DO NOTHING""")
                .bind("cohort", cohortId).bind("name", cohortName).bind("trainer", trainerId).bind("learner", learnerId)
                .bind("at", utc(addedAt))
                .then();
    }

    /** The name a certificate carries: the verified legal name, never the self-chosen display name; empty if unknown. */
    public Mono<String> legalName(UUID learnerId) {
        return db.sql("SELECT legal_name FROM learner WHERE learner_id = :id AND legal_name IS NOT NULL").bind("id", learnerId)
                .map(row -> row.get("legal_name", String.class)).one();
    }

    /** Everything this service keeps about one person, for {@code UserDeleted}. */
    public Mono<Void> eraseLearner(UUID learnerId) {
        return db.sql("""
                        WITH a AS (DELETE FROM course_access WHERE learner_id = :id),
                             s AS (DELETE FROM learner_subscription WHERE learner_id = :id),
                             p AS (DELETE FROM lesson_progress WHERE learner_id = :id),
                             c AS (DELETE FROM course_completion WHERE learner_id = :id),
                             o AS (DELETE FROM offline_heartbeat WHERE learner_id = :id),
                             i AS (DELETE FROM sync_item WHERE learner_id = :id),
                             m AS (DELETE FROM cohort_member WHERE learner_id = :id)
                        DELETE FROM learner WHERE learner_id = :id""")
                .bind("id", learnerId)
                .then();
    }

    private static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
