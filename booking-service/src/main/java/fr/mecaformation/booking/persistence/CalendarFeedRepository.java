package fr.mecaformation.booking.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** Private feed tokens, by hash only. One per person: a new token replaces the previous one in the same statement. */
@Repository
public class CalendarFeedRepository {

    private final DatabaseClient db;

    public CalendarFeedRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> replace(UUID userId, byte[] tokenHash, Instant now) {
        return db.sql("INSERT INTO calendar_feed (user_id, token_hash, created_at) VALUES (:user, :hash, :now)"
                        + " ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at")
                .bind("user", userId).bind("hash", tokenHash).bind("now", Rows.utc(now)).then();
    }

    public Mono<Long> delete(UUID userId) {
        return db.sql("DELETE FROM calendar_feed WHERE user_id = :user").bind("user", userId).fetch().rowsUpdated();
    }

    public Mono<UUID> ownerOf(byte[] tokenHash) {
        return db.sql("SELECT user_id FROM calendar_feed WHERE token_hash = :hash").bind("hash", tokenHash)
                .map(row -> row.get("user_id", UUID.class)).one();
    }
}
