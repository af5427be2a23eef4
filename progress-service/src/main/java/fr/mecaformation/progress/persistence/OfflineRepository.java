package fr.mecaformation.progress.persistence;

import fr.mecaformation.progress.domain.Heartbeat;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** What the PWA queued offline: its heartbeats, and the ids of the items already applied. */
@Repository
public class OfflineRepository {

    private final DatabaseClient db;

    public OfflineRepository(DatabaseClient db) {
        this.db = db;
    }

    public record StoredItem(String clientId, byte[] contentHash, String outcome, String detail) {
    }

    public Flux<StoredItem> appliedItems(UUID learnerId, Collection<String> clientIds) {
        return db.sql("""
                        SELECT client_id, content_hash, outcome, detail FROM sync_item
                        WHERE learner_id = :learner AND client_id = ANY(CAST(:ids AS text[]))""")
                .bind("learner", learnerId).bind("ids", clientIds.toArray(String[]::new))
                .map(row -> new StoredItem(row.get("client_id", String.class), row.get("content_hash", byte[].class),
                        row.get("outcome", String.class), row.get("detail", String.class)))
                .all();
    }

    /** Records applied items; an id another request recorded meanwhile keeps its first content. */
    public Mono<Void> recordApplied(UUID learnerId, List<StoredItem> items, Instant now) {
        if (items.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO sync_item (learner_id, client_id, content_hash, outcome, detail, received_at)
                        SELECT :learner, i.client_id, decode(i.content_hash, 'hex'), i.outcome, i.detail, :now
                        FROM unnest(CAST(:ids AS text[]), CAST(:hashes AS text[]), CAST(:outcomes AS text[]),
                                    CAST(:details AS text[])) AS i(client_id, content_hash, outcome, detail)
                        ON CONFLICT (learner_id, client_id) DO NOTHING""")
                .bind("learner", learnerId)
                .bind("ids", items.stream().map(StoredItem::clientId).toArray(String[]::new))
                .bind("hashes", items.stream().map(item -> HexFormat.of().formatHex(item.contentHash())).toArray(String[]::new))
                .bind("outcomes", items.stream().map(StoredItem::outcome).toArray(String[]::new))
                .bind("details", items.stream().map(StoredItem::detail).toArray(String[]::new))
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .then();
    }

    public record OfflineHeartbeat(UUID lessonId, Heartbeat heartbeat) {
    }

    public Mono<Void> store(UUID learnerId, List<OfflineHeartbeat> heartbeats) {
        if (heartbeats.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO offline_heartbeat (learner_id, lesson_id, session_id, client_at, position, playing, rate)
                        SELECT :learner, h.lesson_id, h.session_id, h.client_at, h.position, h.playing, h.rate
                        FROM unnest(CAST(:lessons AS uuid[]), CAST(:sessions AS uuid[]), CAST(:clientAts AS timestamptz[]),
                                    CAST(:positions AS double precision[]), CAST(:playing AS boolean[]),
                                    CAST(:rates AS double precision[]))
                             AS h(lesson_id, session_id, client_at, position, playing, rate)
                        ON CONFLICT (learner_id, lesson_id, session_id, client_at) DO NOTHING""")
                .bind("learner", learnerId)
                .bind("lessons", heartbeats.stream().map(OfflineHeartbeat::lessonId).toArray(UUID[]::new))
                .bind("sessions", heartbeats.stream().map(h -> h.heartbeat().sessionId()).toArray(UUID[]::new))
                .bind("clientAts", heartbeats.stream().map(h -> h.heartbeat().clientAt().atOffset(ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new))
                .bind("positions", heartbeats.stream().map(h -> h.heartbeat().positionSeconds()).toArray(Double[]::new))
                .bind("playing", heartbeats.stream().map(h -> h.heartbeat().playing()).toArray(Boolean[]::new))
                .bind("rates", heartbeats.stream().map(h -> h.heartbeat().playbackRate()).toArray(Double[]::new))
                .then();
    }

    /** Every stored offline heartbeat of the given playbacks: pairs are made across batches, in any order. */
    public Flux<OfflineHeartbeat> playbacks(UUID learnerId, Collection<UUID> lessonIds, Collection<UUID> sessionIds) {
        return db.sql("""
                        SELECT lesson_id, session_id, client_at, position, playing, rate FROM offline_heartbeat
                        WHERE learner_id = :learner AND lesson_id = ANY(CAST(:lessons AS uuid[]))
                          AND session_id = ANY(CAST(:sessions AS uuid[]))""")
                .bind("learner", learnerId)
                .bind("lessons", lessonIds.toArray(UUID[]::new)).bind("sessions", sessionIds.toArray(UUID[]::new))
                .map(row -> new OfflineHeartbeat(row.get("lesson_id", UUID.class), new Heartbeat(row.get("session_id", UUID.class),
                        row.get("position", Double.class), Boolean.TRUE.equals(row.get("playing", Boolean.class)),
                        row.get("rate", Double.class), row.get("client_at", OffsetDateTime.class).toInstant())))
                .all();
    }
}
