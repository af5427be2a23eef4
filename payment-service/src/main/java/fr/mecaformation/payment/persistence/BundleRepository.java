package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Bundle;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Repository
public class BundleRepository {

    private static final String SELECT = """
            SELECT b.id, b.title, b.price_cents, b.active,
                   array_agg(bc.course_id ORDER BY bc.position) AS course_ids
            FROM bundle b JOIN bundle_course bc ON bc.bundle_id = b.id""";

    private final DatabaseClient db;

    public BundleRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The bundle and its ordered courses, in one statement. */
    public Mono<Bundle> insert(Bundle bundle, UUID adminId, Instant now) {
        return db.sql("""
                        WITH made AS (
                            INSERT INTO bundle (id, title, price_cents, active, created_by, created_at, updated_at)
                            VALUES (:id, :title, :price, true, :admin, :now, :now) RETURNING id)
                        INSERT INTO bundle_course (bundle_id, course_id, position)
                        SELECT made.id, course.id, course.position
                        FROM made, unnest(CAST(:courses AS uuid[])) WITH ORDINALITY AS course (id, position)""")
                .bind("id", bundle.id()).bind("title", bundle.title()).bind("price", bundle.priceCents())
                .bind("admin", adminId).bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("courses", bundle.courseIds().toArray(UUID[]::new))
                .then().thenReturn(bundle);
    }

    public Mono<Bundle> findById(UUID id) {
        return db.sql(SELECT + " WHERE b.id = :id GROUP BY b.id").bind("id", id).map(BundleRepository::toBundle).one();
    }

    public Flux<Bundle> all(boolean activeOnly) {
        return db.sql(SELECT + (activeOnly ? " WHERE b.active" : "") + " GROUP BY b.id ORDER BY b.created_at DESC")
                .map(BundleRepository::toBundle).all();
    }

    /** @return whether a bundle was taken off sale now */
    public Mono<Boolean> deactivate(UUID id, Instant now) {
        return db.sql("UPDATE bundle SET active = false, updated_at = :now WHERE id = :id AND active")
                .bind("id", id).bind("now", now.atOffset(ZoneOffset.UTC))
                .fetch().rowsUpdated().map(count -> count > 0);
    }

    public Mono<Boolean> exists(UUID id) {
        return db.sql("SELECT 1 FROM bundle WHERE id = :id").bind("id", id).map(row -> true).one().defaultIfEmpty(false);
    }

    private static Bundle toBundle(Readable row) {
        UUID[] courses = row.get("course_ids", UUID[].class);
        return new Bundle(row.get("id", UUID.class), row.get("title", String.class), row.get("price_cents", Long.class),
                Boolean.TRUE.equals(row.get("active", Boolean.class)), courses == null ? List.of() : Arrays.asList(courses));
    }
}
