package fr.mecaformation.progress.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Read side of progress: a course lesson by lesson, a learner's courses, the lesson to resume. */
@Repository
public class OverviewRepository {

    private final DatabaseClient db;

    public OverviewRepository(DatabaseClient db) {
        this.db = db;
    }

    public record LessonLine(UUID lessonId, String title, String kind, int modulePosition, int position,
                             Double durationSeconds, double watchedSeconds, double resumePosition, Instant resumeAt,
                             Instant completedAt) {
    }

    public record CourseHeader(UUID courseId, String title, boolean enrolled) {
    }

    public Mono<CourseHeader> course(UUID learnerId, UUID courseId) {
        return db.sql("""
                        SELECT c.course_id, c.title,
                               (EXISTS (SELECT 1 FROM course_access a WHERE a.learner_id = :learner AND a.course_id = c.course_id)
                                OR (c.status = 'PUBLISHED' AND EXISTS (SELECT 1 FROM learner_subscription s
                                        WHERE s.learner_id = :learner AND s.status IN ('ACTIVE', 'PAST_DUE')))) AS enrolled
                        FROM course c WHERE c.course_id = :course""")
                .bind("learner", learnerId).bind("course", courseId)
                .map(row -> new CourseHeader(row.get("course_id", UUID.class), row.get("title", String.class),
                        Boolean.TRUE.equals(row.get("enrolled", Boolean.class))))
                .one();
    }

    public Flux<LessonLine> lessons(UUID learnerId, UUID courseId) {
        return db.sql("""
                        SELECT l.lesson_id, l.title, l.kind, l.module_position, l.position, l.duration_seconds,
                               coalesce(p.watched_seconds, 0) AS watched_seconds, coalesce(p.resume_position, 0) AS resume_position,
                               p.resume_at, p.completed_at
                        FROM lesson l
                        LEFT JOIN lesson_progress p ON p.lesson_id = l.lesson_id AND p.learner_id = :learner
                        WHERE l.course_id = :course
                        ORDER BY l.module_position, l.position, l.lesson_id""")
                .bind("learner", learnerId).bind("course", courseId)
                .map(row -> new LessonLine(row.get("lesson_id", UUID.class), row.get("title", String.class),
                        row.get("kind", String.class), row.get("module_position", Integer.class),
                        row.get("position", Integer.class), row.get("duration_seconds", Double.class),
                        row.get("watched_seconds", Double.class), row.get("resume_position", Double.class),
                        instant(row.get("resume_at", OffsetDateTime.class)), instant(row.get("completed_at", OffsetDateTime.class))))
                .all();
    }

    public record CourseLine(UUID courseId, String title, long lessons, long completed, Instant lastActivity,
                             Instant completedAt) {
    }

    /** The courses a learner follows (enrolled, or touched under a subscription), most recently active first. */
    public Flux<CourseLine> courses(UUID learnerId) {
        return db.sql("""
                        WITH mine AS (
                            SELECT course_id FROM course_access WHERE learner_id = :learner
                            UNION SELECT course_id FROM lesson_progress WHERE learner_id = :learner)
                        SELECT c.course_id, c.title,
                               (SELECT count(*) FROM lesson l WHERE l.course_id = c.course_id) AS lessons,
                               (SELECT count(*) FROM lesson_progress p JOIN lesson l ON l.lesson_id = p.lesson_id
                                 WHERE p.learner_id = :learner AND l.course_id = c.course_id AND p.completed_at IS NOT NULL) AS completed,
                               (SELECT max(p.updated_at) FROM lesson_progress p WHERE p.learner_id = :learner
                                 AND p.course_id = c.course_id) AS last_activity,
                               cc.completed_at
                        FROM mine JOIN course c ON c.course_id = mine.course_id
                        LEFT JOIN course_completion cc ON cc.learner_id = :learner AND cc.course_id = c.course_id
                        ORDER BY last_activity DESC NULLS LAST, c.title""")
                .bind("learner", learnerId)
                .map(row -> new CourseLine(row.get("course_id", UUID.class), row.get("title", String.class),
                        row.get("lessons", Long.class), row.get("completed", Long.class),
                        instant(row.get("last_activity", OffsetDateTime.class)), instant(row.get("completed_at", OffsetDateTime.class))))
                .all();
    }

    public record ResumePoint(UUID courseId, String courseTitle, UUID lessonId, String lessonTitle, double positionSeconds,
                              Double durationSeconds, Instant at) {
    }

    /** The unfinished video the learner last played, on any device. */
    public Mono<ResumePoint> latest(UUID learnerId) {
        return db.sql("""
                        SELECT p.course_id, c.title AS course_title, p.lesson_id, l.title AS lesson_title,
                               p.resume_position, l.duration_seconds, p.resume_at
                        FROM lesson_progress p
                        JOIN lesson l ON l.lesson_id = p.lesson_id
                        LEFT JOIN course c ON c.course_id = p.course_id
                        WHERE p.learner_id = :learner AND p.resume_at IS NOT NULL AND p.completed_at IS NULL
                        ORDER BY p.resume_at DESC LIMIT 1""")
                .bind("learner", learnerId)
                .map(row -> new ResumePoint(row.get("course_id", UUID.class), row.get("course_title", String.class),
                        row.get("lesson_id", UUID.class), row.get("lesson_title", String.class),
                        row.get("resume_position", Double.class), row.get("duration_seconds", Double.class),
                        instant(row.get("resume_at", OffsetDateTime.class))))
                .one();
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    public record FollowedLearner(UUID learnerId, String displayName, String cohortName) {
    }

    /** The learners of a trainer's cohorts (every cohort's, for an admin). */
    public Flux<FollowedLearner> followedBy(UUID trainerId, boolean everyCohort) {
        return db.sql("""
                        SELECT m.learner_id, min(l.display_name) AS display_name,
                               string_agg(DISTINCT m.cohort_name, ', ' ORDER BY m.cohort_name) AS cohorts
                        FROM cohort_member m LEFT JOIN learner l ON l.learner_id = m.learner_id
                        WHERE :everyCohort OR m.trainer_id = :trainer
                        GROUP BY m.learner_id
                        ORDER BY min(l.display_name) NULLS LAST, m.learner_id""")
                .bind("trainer", trainerId).bind("everyCohort", everyCohort)
                .map(row -> new FollowedLearner(row.get("learner_id", UUID.class), row.get("display_name", String.class),
                        row.get("cohorts", String.class)))
                .all();
    }

    public Mono<Boolean> follows(UUID trainerId, UUID learnerId) {
        return db.sql("SELECT EXISTS (SELECT 1 FROM cohort_member WHERE trainer_id = :trainer AND learner_id = :learner) AS follows")
                .bind("trainer", trainerId).bind("learner", learnerId)
                .map(row -> Boolean.TRUE.equals(row.get("follows", Boolean.class)))
                .one();
    }
}
