package fr.mecaformation.booking.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** The video room of a booking or session, made on first ask. */
@Repository
public class VideoRoomRepository {

    private final DatabaseClient db;

    public VideoRoomRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The owner's room: {@code candidate} if it had none. Two statements, not one: a single statement's snapshot would
     * not see the row a concurrent first ask committed while this insert waited on it.
     */
    public Mono<String> roomOf(UUID owner, String candidate, Instant now) {
        return db.sql("INSERT INTO video_room (owner_id, room, created_at) VALUES (:owner, :room, :now)"
                        + " ON CONFLICT (owner_id) DO NOTHING")
                .bind("owner", owner).bind("room", candidate).bind("now", Rows.utc(now)).then()
                .then(db.sql("SELECT room FROM video_room WHERE owner_id = :owner").bind("owner", owner)
                        .map(row -> row.get("room", String.class)).one());
    }
}
