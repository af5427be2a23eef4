package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Offer;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class OfferRepository {

    private final DatabaseClient db;

    public OfferRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Keeps the newest revision the catalog announced; an older one arriving late changes nothing. */
    public Mono<Void> upsert(Offer offer, Instant now) {
        return db.sql("""
                        INSERT INTO offer (course_id, title, price_cents, currency, published, revision, updated_at)
                        VALUES (:courseId, :title, :price, :currency, :published, :revision, :now)
                        ON CONFLICT (course_id) DO UPDATE SET title = excluded.title, price_cents = excluded.price_cents,
                            currency = excluded.currency, published = excluded.published, revision = excluded.revision,
                            updated_at = excluded.updated_at
                        WHERE offer.revision < excluded.revision""")
                .bind("courseId", offer.courseId()).bind("title", offer.title()).bind("price", offer.priceCents())
                .bind("currency", offer.currency()).bind("published", offer.published()).bind("revision", offer.revision())
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .then();
    }

    public Flux<Offer> findAll(java.util.List<UUID> courseIds) {
        return db.sql("SELECT course_id, title, price_cents, currency, published, revision FROM offer WHERE course_id = ANY(CAST(:ids AS uuid[]))")
                .bind("ids", courseIds.toArray(UUID[]::new))
                .map(row -> new Offer(row.get("course_id", UUID.class), row.get("title", String.class),
                        row.get("price_cents", Long.class), row.get("currency", String.class),
                        row.get("published", Boolean.class), row.get("revision", Long.class)))
                .all();
    }

    public Mono<Offer> findById(UUID courseId) {
        return db.sql("SELECT course_id, title, price_cents, currency, published, revision FROM offer WHERE course_id = :id")
                .bind("id", courseId)
                .map(row -> new Offer(row.get("course_id", UUID.class), row.get("title", String.class),
                        row.get("price_cents", Long.class), row.get("currency", String.class),
                        row.get("published", Boolean.class), row.get("revision", Long.class)))
                .one();
    }
}
