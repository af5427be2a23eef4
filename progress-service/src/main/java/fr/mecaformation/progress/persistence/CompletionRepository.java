package fr.mecaformation.progress.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class CompletionRepository {

    private final DatabaseClient db;

    public CompletionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Marks a lesson complete; true only the first time. */
    public Mono<Boolean> markLessonComplete(UUID learnerId, UUID lessonId, UUID courseId, Instant at) {
        return db.sql("""
                        INSERT INTO lesson_progress (learner_id, lesson_id, course_id, completed_at, updated_at)
                        VALUES (:learner, :lesson, :course, :at, :at)
                        ON CONFLICT (learner_id, lesson_id) DO UPDATE SET completed_at = excluded.completed_at,
                            updated_at = excluded.updated_at
                        WHERE lesson_progress.completed_at IS NULL
                        RETURNING lesson_id""")
                .bind("learner", learnerId).bind("lesson", lessonId).bind("course", courseId)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .map(row -> true).one().defaultIfEmpty(false);
    }

    public record CourseTally(int lessons, int completed) {
        public boolean allDone() {
            return lessons > 0 && completed >= lessons;
        }
    }

    public Mono<CourseTally> tally(UUID learnerId, UUID courseId) {
        return db.sql("""
                        SELECT count(*) AS lessons, count(p.completed_at) AS completed
                        FROM lesson l
                        LEFT JOIN lesson_progress p ON p.lesson_id = l.lesson_id AND p.learner_id = :learner
                        WHERE l.course_id = :course""")
                .bind("learner", learnerId).bind("course", courseId)
                .map(row -> new CourseTally(row.get("lessons", Long.class).intValue(), row.get("completed", Long.class).intValue()))
                .one();
    }

    /** Records a course's completion; true only the first time. */
    public Mono<Boolean> markCourseComplete(UUID learnerId, UUID courseId, int lessonCount, Instant at) {
        return db.sql("""
                        INSERT INTO course_completion (learner_id, course_id, lesson_count, completed_at)
                        VALUES (:learner, :course, :lessons, :at)
                        ON CONFLICT (learner_id, course_id) DO NOTHING
                        RETURNING course_id""")
                .bind("learner", learnerId).bind("course", courseId).bind("lessons", lessonCount)
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .map(row -> true).one().defaultIfEmpty(false);
    }

    public Mono<Void> count(UUID courseId, int lessons, int courses) {
        return db.sql("""
                        INSERT INTO completion_stats (course_id, lessons_completed, courses_completed)
                        VALUES (:course, :lessons, :courses)
                        ON CONFLICT (course_id) DO UPDATE SET
                            lessons_completed = completion_stats.lessons_completed + excluded.lessons_completed,
                            courses_completed = completion_stats.courses_completed + excluded.courses_completed""")
                .bind("course", courseId).bind("lessons", lessons).bind("courses", courses)
                .then();
    }

    public Mono<Instant> completedAt(UUID learnerId, UUID lessonId) {
        return db.sql("SELECT completed_at FROM lesson_progress WHERE learner_id = :learner AND lesson_id = :lesson")
                .bind("learner", learnerId).bind("lesson", lessonId)
                .map(row -> row.get("completed_at", java.time.OffsetDateTime.class).toInstant())
                .one();
    }
}
