package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.domain.LessonKind;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.UUID;

/**
 * Lessons with the learner's right to follow them: an enrolment in the course, or a running subscription (past due
 * included) while the course is published — the catalog's own rule, applied to its events.
 */
@Repository
public class LessonContextRepository {

    static final String ENROLLED = """
            (EXISTS (SELECT 1 FROM course_access a WHERE a.learner_id = k.learner_id AND a.course_id = l.course_id)
             OR (c.status = 'PUBLISHED' AND EXISTS (SELECT 1 FROM learner_subscription s
                     WHERE s.learner_id = k.learner_id AND s.status IN ('ACTIVE', 'PAST_DUE'))))""";

    private final DatabaseClient db;

    public LessonContextRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<LessonContext> find(UUID learnerId, UUID lessonId) {
        return db.sql("""
                        SELECT l.lesson_id, l.course_id, l.kind, l.duration_seconds, c.title, c.owner_id, %s AS enrolled
                        FROM (SELECT CAST(:learner AS uuid) AS learner_id) k
                        JOIN lesson l ON l.lesson_id = :lesson
                        LEFT JOIN course c ON c.course_id = l.course_id""".formatted(ENROLLED))
                .bind("learner", learnerId).bind("lesson", lessonId)
                .map(LessonContextRepository::context)
                .one();
    }

    /** One query for a whole batch: each (learner, lesson) pair that names a published lesson comes back once. */
    public Flux<Keyed> findAll(Collection<UUID[]> learnerAndLesson) {
        UUID[] learners = learnerAndLesson.stream().map(pair -> pair[0]).toArray(UUID[]::new);
        UUID[] lessons = learnerAndLesson.stream().map(pair -> pair[1]).toArray(UUID[]::new);
        return db.sql("""
                        SELECT DISTINCT k.learner_id, l.lesson_id, l.course_id, l.kind, l.duration_seconds, c.title,
                               c.owner_id, %s AS enrolled
                        FROM unnest(CAST(:learners AS uuid[]), CAST(:lessons AS uuid[])) AS k(learner_id, lesson_id)
                        JOIN lesson l ON l.lesson_id = k.lesson_id
                        LEFT JOIN course c ON c.course_id = l.course_id""".formatted(ENROLLED))
                .bind("learners", learners).bind("lessons", lessons)
                .map(row -> new Keyed(row.get("learner_id", UUID.class), context(row)))
                .all();
    }

    public record Keyed(UUID learnerId, LessonContext lesson) {
    }

    static LessonContext context(Readable row) {
        return new LessonContext(row.get("lesson_id", UUID.class), row.get("course_id", UUID.class),
                LessonKind.valueOf(row.get("kind", String.class)), row.get("duration_seconds", Double.class),
                row.get("title", String.class), row.get("owner_id", String.class),
                Boolean.TRUE.equals(row.get("enrolled", Boolean.class)));
    }
}
