package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.Note;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Notes; every change is a conditional statement on the version, so two edits racing can't both win. */
@Repository
public class NoteRepository {

    private final DatabaseClient db;

    public NoteRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The note whoever it belongs to, deleted or not. */
    public Mono<Note> find(UUID noteId) {
        return db.sql("SELECT * FROM note WHERE note_id = :id").bind("id", noteId).map(NoteRepository::note).one();
    }

    public Flux<Note> ofLesson(UUID learnerId, UUID lessonId) {
        return db.sql("""
                        SELECT * FROM note WHERE learner_id = :learner AND lesson_id = :lesson AND deleted_at IS NULL
                        ORDER BY position_seconds, created_at, note_id""")
                .bind("learner", learnerId).bind("lesson", lessonId)
                .map(NoteRepository::note)
                .all();
    }

    /** False when the id is already taken (by this learner's earlier send, or anyone's note). */
    public Mono<Boolean> insert(Note note) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO note (note_id, learner_id, lesson_id, position_seconds, markdown, version, created_at,
                                          updated_at, deleted_at)
                        VALUES (:id, :learner, :lesson, :position, :markdown, :version, :at, :at, :deleted)
                        ON CONFLICT (note_id) DO NOTHING""")
                .bind("id", note.id()).bind("learner", note.learnerId()).bind("lesson", note.lessonId())
                .bind("position", note.positionSeconds()).bind("markdown", note.markdown()).bind("version", note.version())
                .bind("at", utc(note.createdAt()));
        spec = note.deleted() ? spec.bind("deleted", utc(note.updatedAt())) : spec.bindNull("deleted", OffsetDateTime.class);
        return spec.fetch().rowsUpdated().map(inserted -> inserted == 1);
    }

    /** The note after the change, or empty when it is not this learner's live note at that version. */
    public Mono<Note> update(UUID learnerId, UUID noteId, long version, double position, String markdown, Instant at) {
        return db.sql("""
                        UPDATE note SET position_seconds = :position, markdown = :markdown, version = version + 1,
                            updated_at = :at
                        WHERE note_id = :id AND learner_id = :learner AND version = :version AND deleted_at IS NULL
                        RETURNING *""")
                .bind("id", noteId).bind("learner", learnerId).bind("version", version)
                .bind("position", position).bind("markdown", markdown).bind("at", utc(at))
                .map(NoteRepository::note)
                .one();
    }

    /** Leaves an empty tombstone; empty when not this learner's live note (at that version, when one is given). */
    public Mono<Note> delete(UUID learnerId, UUID noteId, Long version, Instant at) {
        String sql = """
                UPDATE note SET markdown = '', version = version + 1, updated_at = :at, deleted_at = :at
                WHERE note_id = :id AND learner_id = :learner AND deleted_at IS NULL""";
        DatabaseClient.GenericExecuteSpec spec = db.sql(version == null ? sql + " RETURNING *" : sql + " AND version = :version RETURNING *")
                .bind("id", noteId).bind("learner", learnerId).bind("at", utc(at));
        if (version != null) {
            spec = spec.bind("version", version);
        }
        return spec.map(NoteRepository::note).one();
    }

    /** {@code UserDeleted}: notes are the learner's own words, nothing of them stays. */
    public Mono<Void> eraseLearner(UUID learnerId) {
        return db.sql("DELETE FROM note WHERE learner_id = :learner").bind("learner", learnerId).then();
    }

    private static Note note(Readable row) {
        OffsetDateTime deletedAt = row.get("deleted_at", OffsetDateTime.class);
        return new Note(row.get("note_id", UUID.class), row.get("learner_id", UUID.class), row.get("lesson_id", UUID.class),
                row.get("position_seconds", Double.class), row.get("markdown", String.class), row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("updated_at", OffsetDateTime.class).toInstant(),
                deletedAt != null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
