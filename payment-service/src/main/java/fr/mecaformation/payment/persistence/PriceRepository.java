package fr.mecaformation.payment.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;

/** Our mirror of the Stripe Products and Prices we made. */
@Repository
public class PriceRepository {

    public record MirroredPrice(String offerKey, String name, long amountCents, String productId, String priceId) {
    }

    private final DatabaseClient db;

    public PriceRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<MirroredPrice> find(String offerKey) {
        return db.sql("SELECT offer_key, name, amount_cents, stripe_product_id, stripe_price_id FROM stripe_price WHERE offer_key = :key")
                .bind("key", offerKey)
                .map(row -> new MirroredPrice(row.get("offer_key", String.class), row.get("name", String.class),
                        row.get("amount_cents", Long.class), row.get("stripe_product_id", String.class),
                        row.get("stripe_price_id", String.class)))
                .one();
    }

    public Mono<Void> save(MirroredPrice price, Instant now) {
        return db.sql("""
                        INSERT INTO stripe_price (offer_key, name, amount_cents, stripe_product_id, stripe_price_id, updated_at)
                        VALUES (:key, :name, :amount, :product, :price, :now)
                        ON CONFLICT (offer_key) DO UPDATE SET name = excluded.name, amount_cents = excluded.amount_cents,
                            stripe_product_id = excluded.stripe_product_id, stripe_price_id = excluded.stripe_price_id,
                            updated_at = excluded.updated_at""")
                .bind("key", price.offerKey()).bind("name", price.name()).bind("amount", price.amountCents())
                .bind("product", price.productId()).bind("price", price.priceId()).bind("now", now.atOffset(ZoneOffset.UTC))
                .then();
    }
}
