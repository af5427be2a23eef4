package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.PurchaseStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class PurchaseRepository {

    private static final String COLUMNS = """
            id, learner_id, course_id, amount_cents, currency, status, stripe_session_id, checkout_url,
            stripe_payment_intent_id, refunded_cents, created_at, paid_at, failure_reason""";

    private final DatabaseClient db;

    public PurchaseRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Purchase> insert(Purchase purchase) {
        return db.sql("""
                        INSERT INTO purchase (id, learner_id, course_id, amount_cents, currency, status, created_at, updated_at)
                        VALUES (:id, :learnerId, :courseId, :amount, :currency, :status, :now, :now)""")
                .bind("id", purchase.id()).bind("learnerId", purchase.learnerId()).bind("courseId", purchase.courseId())
                .bind("amount", purchase.amountCents()).bind("currency", purchase.currency())
                .bind("status", purchase.status().name()).bind("now", utc(purchase.createdAt()))
                .then().thenReturn(purchase);
    }

    /** Writes the purchase as it now stands. A second PAID purchase of one course by one learner is a conflict. */
    public Mono<Purchase> update(Purchase purchase, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE purchase SET status = :status, stripe_session_id = :session, checkout_url = :url,
                               stripe_payment_intent_id = :paymentIntent, refunded_cents = :refunded, paid_at = :paidAt,
                               failure_reason = :failure, updated_at = :now
                        WHERE id = :id""")
                .bind("id", purchase.id()).bind("status", purchase.status().name())
                .bind("refunded", purchase.refundedCents()).bind("now", utc(now));
        spec = nullable(spec, "session", purchase.stripeSessionId());
        spec = nullable(spec, "url", purchase.checkoutUrl());
        spec = nullable(spec, "paymentIntent", purchase.paymentIntentId());
        spec = nullable(spec, "failure", purchase.failureReason());
        spec = purchase.paidAt() == null ? spec.bindNull("paidAt", OffsetDateTime.class) : spec.bind("paidAt", utc(purchase.paidAt()));
        return spec.then().thenReturn(purchase);
    }

    public Mono<Purchase> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE id = :id").bind("id", id).map(PurchaseRepository::toPurchase).one();
    }

    public Mono<Purchase> findForUpdate(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE id = :id FOR UPDATE")
                .bind("id", id).map(PurchaseRepository::toPurchase).one();
    }

    public Mono<Purchase> findByPaymentIntent(String paymentIntentId) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE stripe_payment_intent_id = :pi")
                .bind("pi", paymentIntentId).map(PurchaseRepository::toPurchase).one();
    }

    /** A checkout the learner started for this course and did not finish, still payable (younger than {@code since}). */
    public Mono<Purchase> openCheckout(UUID learnerId, UUID courseId, Instant since) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE learner_id = :learner AND course_id = :course"
                        + " AND status IN ('PENDING', 'FAILED') AND checkout_url IS NOT NULL AND created_at > :since ORDER BY created_at DESC LIMIT 1")
                .bind("learner", learnerId).bind("course", courseId).bind("since", utc(since))
                .map(PurchaseRepository::toPurchase).one();
    }

    public Mono<Boolean> owns(UUID learnerId, UUID courseId) {
        return db.sql("SELECT 1 FROM purchase WHERE learner_id = :learner AND course_id = :course AND status IN ('PAID', 'PARTIALLY_REFUNDED')")
                .bind("learner", learnerId).bind("course", courseId).map(row -> true).one().defaultIfEmpty(false);
    }

    public Flux<Purchase> of(UUID learnerId) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE learner_id = :learner ORDER BY created_at DESC")
                .bind("learner", learnerId).map(PurchaseRepository::toPurchase).all();
    }

    private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Purchase toPurchase(Readable row) {
        OffsetDateTime paid = row.get("paid_at", OffsetDateTime.class);
        return new Purchase(row.get("id", UUID.class), row.get("learner_id", UUID.class), row.get("course_id", UUID.class),
                row.get("amount_cents", Long.class), row.get("currency", String.class),
                PurchaseStatus.valueOf(row.get("status", String.class)), row.get("stripe_session_id", String.class),
                row.get("checkout_url", String.class), row.get("stripe_payment_intent_id", String.class),
                row.get("refunded_cents", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                paid == null ? null : paid.toInstant(), row.get("failure_reason", String.class));
    }
}
