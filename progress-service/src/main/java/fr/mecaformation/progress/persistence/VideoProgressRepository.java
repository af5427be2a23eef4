package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.Heartbeat;
import fr.mecaformation.progress.domain.VideoProgress;
import fr.mecaformation.progress.domain.WatchedIntervals;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Video progress rows, read and written a batch at a time: one statement locks every row of a batch (in key order, so
 * two batches never deadlock), one statement writes them all back. That is what lets heartbeats share commits.
 */
@Repository
public class VideoProgressRepository {

    private final DatabaseClient db;

    public VideoProgressRepository(DatabaseClient db) {
        this.db = db;
    }

    public record Key(UUID learnerId, UUID lessonId) {
    }

    /** @param durationSeconds the video's length, which bounds the watched seconds stored (0 when only read) */
    public record Row(Key key, UUID courseId, VideoProgress progress, double durationSeconds) {

        public Row withProgress(VideoProgress newProgress) {
            return new Row(key, courseId, newProgress, durationSeconds);
        }
    }

    /**
     * Locks every row of a batch and reads its state, creating the missing ones, in one statement: an upsert locks the
     * rows it touches, in the order it meets them (key order here), and returns them.
     */
    public Flux<Row> lockAll(Collection<Row> rows, Instant now) {
        UUID[] learners = rows.stream().map(row -> row.key().learnerId()).toArray(UUID[]::new);
        UUID[] lessons = rows.stream().map(row -> row.key().lessonId()).toArray(UUID[]::new);
        UUID[] courses = rows.stream().map(Row::courseId).toArray(UUID[]::new);
        return db.sql("""
                        INSERT INTO lesson_progress AS p (learner_id, lesson_id, course_id, updated_at)
                        SELECT k.learner_id, k.lesson_id, k.course_id, :now
                        FROM unnest(CAST(:learners AS uuid[]), CAST(:lessons AS uuid[]), CAST(:courses AS uuid[]))
                             AS k(learner_id, lesson_id, course_id)
                        ORDER BY k.learner_id, k.lesson_id
                        ON CONFLICT (learner_id, lesson_id) DO UPDATE SET updated_at = excluded.updated_at
                        RETURNING p.*""")
                .bind("learners", learners).bind("lessons", lessons).bind("courses", courses)
                .bind("now", utc(now))
                .map(VideoProgressRepository::row)
                .all();
    }

    /** Writes a batch's new states in one statement. */
    public Mono<Void> saveAll(List<Row> rows, Instant now) {
        if (rows.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        UPDATE lesson_progress p SET
                            watched = CAST(v.watched AS double precision[]),
                            watched_seconds = v.watched_seconds,
                            resume_position = v.resume_position,
                            resume_at = v.resume_at,
                            last_session = v.last_session,
                            last_position = v.last_position,
                            last_playing = v.last_playing,
                            last_rate = v.last_rate,
                            last_client_at = v.last_client_at,
                            last_server_at = v.last_server_at,
                            completed_at = v.completed_at,
                            updated_at = :now
                        FROM unnest(CAST(:learners AS uuid[]), CAST(:lessons AS uuid[]), CAST(:watched AS text[]),
                                    CAST(:watchedSeconds AS double precision[]), CAST(:resumePositions AS double precision[]),
                                    CAST(:resumeAts AS timestamptz[]), CAST(:sessions AS uuid[]),
                                    CAST(:positions AS double precision[]), CAST(:playing AS boolean[]),
                                    CAST(:rates AS double precision[]), CAST(:clientAts AS timestamptz[]),
                                    CAST(:serverAts AS timestamptz[]), CAST(:completedAts AS timestamptz[]))
                             AS v(learner_id, lesson_id, watched, watched_seconds, resume_position, resume_at,
                                  last_session, last_position, last_playing, last_rate, last_client_at, last_server_at,
                                  completed_at)
                        WHERE p.learner_id = v.learner_id AND p.lesson_id = v.lesson_id""")
                .bind("learners", rows.stream().map(row -> row.key().learnerId()).toArray(UUID[]::new))
                .bind("lessons", rows.stream().map(row -> row.key().lessonId()).toArray(UUID[]::new))
                .bind("watched", rows.stream().map(row -> arrayLiteral(row.progress().watched())).toArray(String[]::new))
                .bind("watchedSeconds", rows.stream().map(row -> row.progress().watched().secondsWithin(row.durationSeconds()))
                        .toArray(Double[]::new))
                .bind("resumePositions", rows.stream().map(row -> row.progress().resumePosition()).toArray(Double[]::new))
                .bind("resumeAts", times(rows.stream().map(row -> row.progress().resumeAt()).toList()))
                .bind("sessions", rows.stream().map(row -> last(row) == null ? null : last(row).sessionId()).toArray(UUID[]::new))
                .bind("positions", rows.stream().map(row -> last(row) == null ? null : last(row).positionSeconds()).toArray(Double[]::new))
                .bind("playing", rows.stream().map(row -> last(row) == null ? null : last(row).playing()).toArray(Boolean[]::new))
                .bind("rates", rows.stream().map(row -> last(row) == null ? null : last(row).playbackRate()).toArray(Double[]::new))
                .bind("clientAts", times(rows.stream().map(row -> last(row) == null ? null : last(row).clientAt()).toList()))
                .bind("serverAts", times(rows.stream().map(row -> row.progress().lastServerAt()).toList()))
                .bind("completedAts", times(rows.stream().map(row -> row.progress().completedAt()).toList()))
                .bind("now", utc(now))
                .then();
    }

    private static Heartbeat last(Row row) {
        return row.progress().lastHeartbeat();
    }

    private static OffsetDateTime[] times(List<Instant> instants) {
        return instants.stream().map(instant -> instant == null ? null : utc(instant)).toArray(OffsetDateTime[]::new);
    }

    private static String arrayLiteral(WatchedIntervals watched) {
        return Arrays.stream(watched.bounds()).mapToObj(Double::toString).collect(Collectors.joining(",", "{", "}"));
    }

    static Row row(Readable row) {
        Double[] bounds = row.get("watched", Double[].class);
        double[] plain = bounds == null ? new double[0] : Arrays.stream(bounds).mapToDouble(Double::doubleValue).toArray();
        UUID session = row.get("last_session", UUID.class);
        Heartbeat last = session == null ? null : new Heartbeat(session, row.get("last_position", Double.class),
                Boolean.TRUE.equals(row.get("last_playing", Boolean.class)), row.get("last_rate", Double.class),
                instant(row, "last_client_at"));
        VideoProgress progress = new VideoProgress(WatchedIntervals.of(plain), row.get("resume_position", Double.class),
                instant(row, "resume_at"), last, instant(row, "last_server_at"), instant(row, "completed_at"));
        return new Row(new Key(row.get("learner_id", UUID.class), row.get("lesson_id", UUID.class)),
                row.get("course_id", UUID.class), progress, 0);
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
