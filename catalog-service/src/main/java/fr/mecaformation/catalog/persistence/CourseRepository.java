package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseDetails;
import fr.mecaformation.catalog.domain.CourseStatus;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.PendingRevision;
import fr.mecaformation.catalog.domain.Price;
import fr.mecaformation.catalog.domain.Skill;
import fr.mecaformation.web.problem.DomainException;
import io.r2dbc.spi.Readable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
public class CourseRepository {

    static final String COLUMNS = """
            id, owner_id, title, description, category, level, price_cents, duration_minutes, thumbnail_url,
            status, revision, created_at, updated_at, published_at, review_comment, skills, pending_title,
            pending_description, pending_category, pending_level, pending_price_cents, pending_duration_minutes,
            pending_thumbnail_url, pending_skills, pending_in_review""";

    private final DatabaseClient db;

    public CourseRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Course> insert(Course course) {
        return bindAll(db.sql("""
                        INSERT INTO course (id, owner_id, title, description, category, level, price_cents, duration_minutes,
                                            thumbnail_url, status, revision, created_at, updated_at, published_at,
                                            review_comment, skills)
                        VALUES (:id, :ownerId, :title, :description, :category, :level, :priceCents, :durationMinutes,
                                :thumbnailUrl, :status, :revision, :createdAt, :updatedAt, :publishedAt, :reviewComment,
                                :skills)"""), course)
                .then()
                .onErrorMap(DuplicateKeyException.class, CourseRepository::duplicateTitle)
                .thenReturn(course);
    }

    public Mono<Course> update(Course course) {
        return bindPending(bindAll(db.sql("""
                        UPDATE course SET title = :title, description = :description, category = :category, level = :level,
                               price_cents = :priceCents, duration_minutes = :durationMinutes, thumbnail_url = :thumbnailUrl,
                               status = :status, revision = :revision, updated_at = :updatedAt, published_at = :publishedAt,
                               review_comment = :reviewComment, skills = :skills, pending_title = :pendingTitle,
                               pending_description = :pendingDescription, pending_category = :pendingCategory,
                               pending_level = :pendingLevel, pending_price_cents = :pendingPriceCents,
                               pending_duration_minutes = :pendingDurationMinutes,
                               pending_thumbnail_url = :pendingThumbnailUrl, pending_skills = :pendingSkills,
                               pending_in_review = :pendingInReview
                        WHERE id = :id AND owner_id = :ownerId AND created_at = :createdAt"""), course), course.pending())
                .then()
                .onErrorMap(DuplicateKeyException.class, CourseRepository::duplicateTitle)
                .thenReturn(course);
    }

    /** Reads and locks the row until the transaction ends, so concurrent changes to one course serialise. */
    public Mono<Course> findForUpdate(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM course WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map(CourseRepository::toCourse)
                .one();
    }

    public Mono<Course> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM course WHERE id = :id")
                .bind("id", id)
                .map(CourseRepository::toCourse)
                .one();
    }

    public Flux<Course> findPublished(CourseFilter filter, int page, int size) {
        return bindFilter(db.sql("SELECT " + COLUMNS + " FROM course WHERE status = 'PUBLISHED'" + filter.sql()
                        + " ORDER BY published_at DESC, id LIMIT :limit OFFSET :offset"), filter)
                .bind("limit", size)
                .bind("offset", (long) page * size)
                .map(CourseRepository::toCourse)
                .all();
    }

    public Mono<Long> countPublished(CourseFilter filter) {
        return bindFilter(db.sql("SELECT count(*) AS total FROM course WHERE status = 'PUBLISHED'" + filter.sql()), filter)
                .map(row -> row.get("total", Long.class))
                .one();
    }

    public Flux<Course> findByOwner(String ownerId) {
        return db.sql("SELECT " + COLUMNS + " FROM course WHERE owner_id = :ownerId ORDER BY updated_at DESC, id")
                .bind("ownerId", ownerId)
                .map(CourseRepository::toCourse)
                .all();
    }

    /** Courses waiting for an admin's review, oldest submission first. */
    public Flux<Course> inReview() {
        return db.sql("SELECT " + COLUMNS + " FROM course WHERE status = 'IN_REVIEW' OR pending_in_review ORDER BY updated_at, id")
                .map(CourseRepository::toCourse)
                .all();
    }

    public Flux<UUID> prerequisitesOf(UUID courseId) {
        return db.sql("SELECT prerequisite_id FROM course_prerequisite WHERE course_id = :id ORDER BY prerequisite_id")
                .bind("id", courseId)
                .map(row -> row.get("prerequisite_id", UUID.class))
                .all();
    }

    /** Whether making {@code prerequisites} required by {@code courseId} would close a loop (one of them needs it). */
    public Mono<Boolean> wouldLoop(UUID courseId, List<UUID> prerequisites) {
        return db.sql("""
                        WITH RECURSIVE required(id) AS (
                            SELECT prerequisite_id FROM course_prerequisite WHERE course_id = ANY(:from)
                            UNION SELECT p.prerequisite_id FROM course_prerequisite p JOIN required r ON p.course_id = r.id)
                        SELECT EXISTS (SELECT 1 FROM required WHERE id = :target) AS loops""")
                .bind("from", prerequisites.toArray(UUID[]::new))
                .bind("target", courseId)
                .map(row -> row.get("loops", Boolean.class))
                .one();
    }

    public Mono<Void> replacePrerequisites(UUID courseId, List<UUID> prerequisites) {
        Mono<Void> clear = db.sql("DELETE FROM course_prerequisite WHERE course_id = :id").bind("id", courseId).then();
        if (prerequisites.isEmpty()) {
            return clear;
        }
        return clear.then(db.sql("INSERT INTO course_prerequisite (course_id, prerequisite_id) SELECT :id, unnest(:ids)")
                .bind("id", courseId).bind("ids", prerequisites.toArray(UUID[]::new)).then());
    }

    public Mono<Long> countPublished(List<UUID> ids) {
        return db.sql("SELECT count(*) AS total FROM course WHERE status = 'PUBLISHED' AND id = ANY(:ids)")
                .bind("ids", ids.toArray(UUID[]::new))
                .map(row -> row.get("total", Long.class))
                .one();
    }

    private static DatabaseClient.GenericExecuteSpec bindFilter(DatabaseClient.GenericExecuteSpec spec, CourseFilter filter) {
        if (filter.category() != null) {
            spec = spec.bind("category", filter.category().name());
        }
        if (filter.level() != null) {
            spec = spec.bind("level", filter.level().name());
        }
        return spec;
    }

    private static DatabaseClient.GenericExecuteSpec bindPending(DatabaseClient.GenericExecuteSpec spec, PendingRevision pending) {
        CourseDetails next = pending == null ? null : pending.details();
        spec = nullable(spec, "pendingTitle", next == null ? null : next.title(), String.class);
        spec = nullable(spec, "pendingDescription", next == null ? null : next.description(), String.class);
        spec = nullable(spec, "pendingCategory", next == null ? null : next.category().name(), String.class);
        spec = nullable(spec, "pendingLevel", next == null ? null : next.level().name(), String.class);
        spec = nullable(spec, "pendingPriceCents", next == null ? null : next.price().cents(), Long.class);
        spec = nullable(spec, "pendingDurationMinutes", next == null ? null : next.durationMinutes(), Integer.class);
        spec = nullable(spec, "pendingThumbnailUrl", next == null ? null : next.thumbnailUrl(), String.class);
        spec = nullable(spec, "pendingSkills", next == null ? null : skillNames(next), String[].class);
        return spec.bind("pendingInReview", pending != null && pending.inReview());
    }

    private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, T value,
                                                                  Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static String[] skillNames(CourseDetails details) {
        return details.skills().stream().map(Skill::name).sorted().toArray(String[]::new);
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Course course) {
        CourseDetails details = course.details();
        spec = spec.bind("id", course.id())
                .bind("ownerId", course.ownerId())
                .bind("title", details.title())
                .bind("description", details.description())
                .bind("category", details.category().name())
                .bind("level", details.level().name())
                .bind("priceCents", details.price().cents())
                .bind("durationMinutes", details.durationMinutes())
                .bind("status", course.status().name())
                .bind("revision", course.revision())
                .bind("createdAt", utc(course.createdAt()))
                .bind("updatedAt", utc(course.updatedAt()))
                .bind("skills", skillNames(details));
        spec = course.reviewComment() == null ? spec.bindNull("reviewComment", String.class) : spec.bind("reviewComment", course.reviewComment());
        spec = details.thumbnailUrl() == null ? spec.bindNull("thumbnailUrl", String.class) : spec.bind("thumbnailUrl", details.thumbnailUrl());
        return course.publishedAt() == null ? spec.bindNull("publishedAt", OffsetDateTime.class) : spec.bind("publishedAt", utc(course.publishedAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Course toCourse(Readable row) {
        CourseDetails details = details(row, "");
        PendingRevision pending = row.get("pending_title", String.class) == null ? null
                : new PendingRevision(details(row, "pending_"), Boolean.TRUE.equals(row.get("pending_in_review", Boolean.class)));
        return new Course(row.get("id", UUID.class), row.get("owner_id", String.class), details,
                CourseStatus.valueOf(row.get("status", String.class)), row.get("revision", Long.class),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "published_at"),
                row.get("review_comment", String.class), pending);
    }

    private static CourseDetails details(Readable row, String prefix) {
        String[] skills = row.get(prefix + "skills", String[].class);
        return new CourseDetails(
                row.get(prefix + "title", String.class),
                row.get(prefix + "description", String.class),
                Category.valueOf(row.get(prefix + "category", String.class)),
                Level.valueOf(row.get(prefix + "level", String.class)),
                new Price(row.get(prefix + "price_cents", Long.class)),
                row.get(prefix + "duration_minutes", Integer.class),
                row.get(prefix + "thumbnail_url", String.class),
                skills == null ? Set.of() : Arrays.stream(skills).map(Skill::valueOf).collect(Collectors.toSet()));
    }

    private static Throwable duplicateTitle(Throwable duplicate) {
        return new DomainException.Conflict("Vous avez déjà une formation portant ce titre.");
    }
}
