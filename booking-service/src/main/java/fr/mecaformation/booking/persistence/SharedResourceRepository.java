package fr.mecaformation.booking.persistence;

import fr.mecaformation.booking.domain.SharedResource;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/** Shared resources and their opening hours (JSON, read and written whole, as availabilities' windows). */
@Repository
public class SharedResourceRepository {

    /** What occupies a room at a time: a scheduled session's title and times. */
    public record Occupation(UUID sessionId, String title, Instant startsAt, Instant endsAt) {
    }

    private final DatabaseClient db;

    public SharedResourceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Creates the resource, or replaces its opening hours (same id): the name is unique (409 otherwise). */
    public Mono<SharedResource> save(SharedResource resource, Instant now) {
        return db.sql("""
                        INSERT INTO shared_resource (id, name, zone, weekly, exceptions, created_at, updated_at)
                        VALUES (:id, :name, :zone, :weekly, :exceptions, :now, :now)
                        ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, zone = EXCLUDED.zone, weekly = EXCLUDED.weekly,
                            exceptions = EXCLUDED.exceptions, updated_at = EXCLUDED.updated_at""")
                .bind("id", resource.id()).bind("name", resource.name()).bind("zone", resource.zone().getId())
                .bind("weekly", Json.of(AvailabilityRepository.weeklyJson(resource.weekly())))
                .bind("exceptions", Json.of(AvailabilityRepository.exceptionsJson(resource.exceptions())))
                .bind("now", Rows.utc(now))
                .then().thenReturn(resource);
    }

    public Mono<SharedResource> findById(UUID id) {
        return db.sql("SELECT * FROM shared_resource WHERE id = :id").bind("id", id)
                .map(SharedResourceRepository::resource).one();
    }

    public Flux<SharedResource> all() {
        return db.sql("SELECT * FROM shared_resource ORDER BY name").map(SharedResourceRepository::resource).all();
    }

    /** The scheduled sessions in the room overlapping [from, until), the conflicts a refused scheduling names. */
    public Flux<Occupation> occupying(UUID resourceId, Instant from, Instant until) {
        return db.sql("SELECT id, title, starts_at, ends_at FROM session WHERE resource_id = :resource"
                        + " AND status = 'SCHEDULED' AND tstzrange(starts_at, ends_at, '[)') && tstzrange(:from, :until, '[)')"
                        + " ORDER BY starts_at")
                .bind("resource", resourceId).bind("from", Rows.utc(from)).bind("until", Rows.utc(until))
                .map(row -> new Occupation(row.get("id", UUID.class), row.get("title", String.class),
                        Rows.instant(row, "starts_at"), Rows.instant(row, "ends_at")))
                .all();
    }

    private static SharedResource resource(Readable row) {
        return new SharedResource(row.get("id", UUID.class), row.get("name", String.class),
                ZoneId.of(row.get("zone", String.class)), AvailabilityRepository.weekly(row),
                AvailabilityRepository.exceptions(row));
    }
}
