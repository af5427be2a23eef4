package fr.mecaformation.booking.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** Display names as the people's own tokens last gave them, for attendance certificates. */
@Repository
public class PersonNameRepository {

    private final DatabaseClient db;

    public PersonNameRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> remember(UUID userId, String name, Instant now) {
        return db.sql("INSERT INTO person_name (user_id, name, updated_at) VALUES (:user, :name, :now)"
                        + " ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at")
                .bind("user", userId).bind("name", name).bind("now", Rows.utc(now)).then();
    }

    public Mono<String> nameOf(UUID userId) {
        return db.sql("SELECT name FROM person_name WHERE user_id = :user").bind("user", userId)
                .map(row -> row.get("name", String.class)).one();
    }

    public Mono<Void> forget(UUID userId) {
        return db.sql("DELETE FROM person_name WHERE user_id = :user").bind("user", userId).then();
    }
}
