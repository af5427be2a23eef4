package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.CourseModule;
import fr.mecaformation.catalog.domain.Lesson;
import fr.mecaformation.catalog.domain.LessonKind;
import fr.mecaformation.catalog.domain.LessonStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Modules and lessons: the structure of a course. */
@Repository
public class LessonRepository {

    private static final String LESSON_COLUMNS = """
            id, course_id, module_id, position, title, kind, status, video_id, created_at, updated_at, published_at""";

    private final DatabaseClient db;

    public LessonRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Appends a module after the course's last one; callers hold the course's row lock, so positions don't race. */
    public Mono<CourseModule> appendModule(UUID id, UUID courseId, String title, Instant now) {
        return db.sql("""
                        INSERT INTO course_module (id, course_id, position, title, created_at)
                        SELECT :id, :courseId, coalesce(max(position), 0) + 1, :title, :now FROM course_module WHERE course_id = :courseId
                        RETURNING id, course_id, position, title, created_at""")
                .bind("id", id).bind("courseId", courseId).bind("title", title).bind("now", utc(now))
                .map(LessonRepository::toModule)
                .one();
    }

    public Mono<CourseModule> findModule(UUID id) {
        return db.sql("SELECT id, course_id, position, title, created_at FROM course_module WHERE id = :id")
                .bind("id", id).map(LessonRepository::toModule).one();
    }

    public Flux<CourseModule> modulesOf(UUID courseId) {
        return db.sql("SELECT id, course_id, position, title, created_at FROM course_module WHERE course_id = :courseId ORDER BY position")
                .bind("courseId", courseId).map(LessonRepository::toModule).all();
    }

    public Mono<Integer> nextLessonPosition(UUID moduleId) {
        return db.sql("SELECT coalesce(max(position), 0) + 1 AS next FROM lesson WHERE module_id = :moduleId")
                .bind("moduleId", moduleId).map(row -> row.get("next", Integer.class)).one();
    }

    public Mono<Lesson> insert(Lesson lesson) {
        return db.sql("""
                        INSERT INTO lesson (id, course_id, module_id, position, title, kind, status, created_at, updated_at)
                        VALUES (:id, :courseId, :moduleId, :position, :title, :kind, :status, :createdAt, :updatedAt)""")
                .bind("id", lesson.id()).bind("courseId", lesson.courseId()).bind("moduleId", lesson.moduleId())
                .bind("position", lesson.position()).bind("title", lesson.title()).bind("kind", lesson.kind().name())
                .bind("status", lesson.status().name()).bind("createdAt", utc(lesson.createdAt()))
                .bind("updatedAt", utc(lesson.updatedAt()))
                .then().thenReturn(lesson);
    }

    public Mono<Lesson> findById(UUID id) {
        return db.sql("SELECT " + LESSON_COLUMNS + " FROM lesson WHERE id = :id")
                .bind("id", id).map(LessonRepository::toLesson).one();
    }

    public Mono<Lesson> findForUpdate(UUID id) {
        return db.sql("SELECT " + LESSON_COLUMNS + " FROM lesson WHERE id = :id FOR UPDATE")
                .bind("id", id).map(LessonRepository::toLesson).one();
    }

    public Flux<Lesson> findAll(List<UUID> ids) {
        return db.sql("SELECT " + LESSON_COLUMNS + " FROM lesson WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new)).map(LessonRepository::toLesson).all();
    }

    public Flux<Lesson> lessonsOf(UUID courseId) {
        return db.sql("SELECT " + LESSON_COLUMNS + " FROM lesson WHERE course_id = :courseId ORDER BY module_id, position")
                .bind("courseId", courseId).map(LessonRepository::toLesson).all();
    }

    public Mono<Void> markPublished(Lesson lesson) {
        return db.sql("UPDATE lesson SET status = :status, updated_at = :now, published_at = :now WHERE id = :id")
                .bind("status", lesson.status().name()).bind("now", utc(lesson.publishedAt())).bind("id", lesson.id())
                .then();
    }

    /** Points the lesson at a transcoded video; learners see it from the commit on. */
    public Mono<Void> showVideo(UUID lessonId, UUID videoId, Instant now) {
        return db.sql("UPDATE lesson SET video_id = :videoId, updated_at = :now WHERE id = :id")
                .bind("videoId", videoId).bind("now", utc(now)).bind("id", lessonId)
                .then();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static CourseModule toModule(Readable row) {
        return new CourseModule(row.get("id", UUID.class), row.get("course_id", UUID.class),
                row.get("position", Integer.class), row.get("title", String.class), instant(row, "created_at"));
    }

    private static Lesson toLesson(Readable row) {
        return new Lesson(row.get("id", UUID.class), row.get("course_id", UUID.class), row.get("module_id", UUID.class),
                row.get("position", Integer.class), row.get("title", String.class),
                LessonKind.valueOf(row.get("kind", String.class)), LessonStatus.valueOf(row.get("status", String.class)),
                row.get("video_id", UUID.class), instant(row, "created_at"), instant(row, "updated_at"),
                instant(row, "published_at"));
    }
}
