package fr.mecaformation.auth.persistence;

import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The append-only record of who did what to whom (the table refuses updates and deletes). */
@Repository
public class AuditLog {

    public record Entry(Instant at, UUID actorId, String action, UUID subjectId, String detailsJson) {
    }

    private final DatabaseClient db;

    public AuditLog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> append(Entry entry) {
        return db.sql("INSERT INTO audit_entry (at, actor_id, action, subject_id, details) "
                        + "VALUES (:at, :actorId, :action, :subjectId, :details)")
                .bind("at", entry.at().atOffset(ZoneOffset.UTC))
                .bind("actorId", entry.actorId())
                .bind("action", entry.action())
                .bind("subjectId", entry.subjectId())
                .bind("details", Json.of(entry.detailsJson()))
                .then();
    }

    public Flux<Entry> about(UUID subjectId) {
        return db.sql("SELECT at, actor_id, action, subject_id, details FROM audit_entry WHERE subject_id = :subjectId ORDER BY id")
                .bind("subjectId", subjectId)
                .map(row -> new Entry(row.get("at", OffsetDateTime.class).toInstant(), row.get("actor_id", UUID.class),
                        row.get("action", String.class), row.get("subject_id", UUID.class),
                        row.get("details", Json.class).asString()))
                .all();
    }
}
