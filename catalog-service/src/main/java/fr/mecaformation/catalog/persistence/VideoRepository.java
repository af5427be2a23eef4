package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Video;
import fr.mecaformation.catalog.domain.VideoStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static fr.mecaformation.catalog.persistence.LessonRepository.instant;
import static fr.mecaformation.catalog.persistence.LessonRepository.utc;

/** Uploaded videos and their transcoding jobs (one row is both: the job is the video's state). */
@Repository
public class VideoRepository {

    private static final String COLUMNS = """
            id, lesson_id, uploaded_by, original_name, content_type, source_bytes, status, attempts, last_error,
            duration_seconds, qualities, created_at, ready_at""";

    private final DatabaseClient db;

    public VideoRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Video> insert(Video video) {
        return db.sql("""
                        INSERT INTO video (id, lesson_id, uploaded_by, original_name, content_type, source_bytes, status,
                                           next_attempt_at, created_at, updated_at)
                        VALUES (:id, :lessonId, :uploadedBy, :originalName, :contentType, :sourceBytes, :status, :now, :now, :now)""")
                .bind("id", video.id()).bind("lessonId", video.lessonId()).bind("uploadedBy", video.uploadedBy())
                .bind("originalName", video.originalName()).bind("contentType", video.contentType())
                .bind("sourceBytes", video.sourceBytes()).bind("status", video.status().name())
                .bind("now", utc(video.createdAt()))
                .then().thenReturn(video);
    }

    public Mono<Video> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM video WHERE id = :id").bind("id", id).map(VideoRepository::toVideo).one();
    }

    /**
     * Takes the oldest due job for this worker: queued, or processing under a lease that ran out (its worker
     * died). The row is locked only for this claiming transaction; the lease keeps other workers away afterwards.
     */
    public Mono<Video> claimDue(Instant now, Duration lease) {
        return db.sql("""
                        UPDATE video SET status = 'PROCESSING', attempts = attempts + 1, lease_until = :leaseUntil, updated_at = :now
                        WHERE id = (SELECT id FROM video
                                    WHERE status IN ('QUEUED', 'PROCESSING') AND next_attempt_at <= :now
                                      AND (lease_until IS NULL OR lease_until < :now)
                                    ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + COLUMNS)
                .bind("now", utc(now)).bind("leaseUntil", utc(now.plus(lease)))
                .map(VideoRepository::toVideo)
                .one();
    }

    public Mono<Void> markReady(UUID id, double durationSeconds, List<Integer> qualities, Instant now) {
        return db.sql("""
                        UPDATE video SET status = 'READY', duration_seconds = :duration, qualities = :qualities,
                               lease_until = NULL, last_error = NULL, ready_at = :now, updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("duration", durationSeconds).bind("qualities", qualities.toArray(Integer[]::new))
                .bind("now", utc(now))
                .then();
    }

    /** A failed attempt: back in the queue at {@code retryAt}, or FAILED for good when {@code retryAt} is null. */
    public Mono<Void> markFailed(UUID id, String error, Instant retryAt, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE video SET status = :status, last_error = :error, lease_until = NULL,
                               next_attempt_at = coalesce(:retryAt, next_attempt_at), updated_at = :now
                        WHERE id = :id""")
                .bind("id", id).bind("error", error).bind("now", utc(now))
                .bind("status", (retryAt == null ? VideoStatus.FAILED : VideoStatus.QUEUED).name());
        spec = retryAt == null ? spec.bindNull("retryAt", java.time.OffsetDateTime.class) : spec.bind("retryAt", utc(retryAt));
        return spec.then();
    }

    public record Track(String kind, String language) {
    }

    public Mono<Void> saveTrack(UUID videoId, String kind, String language, Instant now) {
        return db.sql("""
                        INSERT INTO video_track (video_id, kind, language, updated_at) VALUES (:videoId, :kind, :language, :now)
                        ON CONFLICT (video_id, kind, language) DO UPDATE SET updated_at = excluded.updated_at""")
                .bind("videoId", videoId).bind("kind", kind).bind("language", language).bind("now", utc(now))
                .then();
    }

    public reactor.core.publisher.Flux<Track> tracksOf(UUID videoId) {
        return db.sql("SELECT kind, language FROM video_track WHERE video_id = :videoId ORDER BY kind, language")
                .bind("videoId", videoId)
                .map(row -> new Track(row.get("kind", String.class), row.get("language", String.class)))
                .all();
    }

    private static Video toVideo(Readable row) {
        Integer[] qualities = row.get("qualities", Integer[].class);
        return new Video(row.get("id", UUID.class), row.get("lesson_id", UUID.class), row.get("uploaded_by", String.class),
                row.get("original_name", String.class), row.get("content_type", String.class),
                row.get("source_bytes", Long.class), VideoStatus.valueOf(row.get("status", String.class)),
                row.get("attempts", Integer.class), row.get("last_error", String.class),
                row.get("duration_seconds", Double.class), qualities == null ? List.of() : Arrays.asList(qualities),
                instant(row, "created_at"), instant(row, "ready_at"));
    }
}
