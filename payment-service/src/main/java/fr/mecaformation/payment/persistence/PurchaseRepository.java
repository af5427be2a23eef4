package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.PurchaseKind;
import fr.mecaformation.payment.domain.PurchaseStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
public class PurchaseRepository {

    private static final String COLUMNS = """
            id, learner_id, course_id, amount_cents, currency, status, stripe_session_id, checkout_url,
            stripe_payment_intent_id, refunded_cents, created_at, paid_at, failure_reason, kind, bundle_id""";

    private final DatabaseClient db;

    public PurchaseRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A new purchase and the courses it will grant (none for coaching), in one statement. */
    public Mono<Purchase> insert(Purchase purchase, List<UUID> courseIds) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        WITH made AS (
                            INSERT INTO purchase (id, learner_id, course_id, bundle_id, kind, amount_cents, currency, status,
                                                  created_at, updated_at)
                            VALUES (:id, :learnerId, :courseId, :bundleId, :kind, :amount, :currency, :status, :now, :now)
                            RETURNING id)
                        INSERT INTO purchase_course (purchase_id, course_id)
                        SELECT made.id, course FROM made, unnest(CAST(:courses AS uuid[])) AS course""")
                .bind("id", purchase.id()).bind("learnerId", purchase.learnerId())
                .bind("kind", purchase.kind().name())
                .bind("amount", purchase.amountCents()).bind("currency", purchase.currency())
                .bind("status", purchase.status().name()).bind("now", utc(purchase.createdAt()))
                .bind("courses", courseIds.toArray(UUID[]::new));
        spec = purchase.courseId() == null ? spec.bindNull("courseId", UUID.class) : spec.bind("courseId", purchase.courseId());
        spec = purchase.bundleId() == null ? spec.bindNull("bundleId", UUID.class) : spec.bind("bundleId", purchase.bundleId());
        return spec.then().thenReturn(purchase);
    }

    /** The courses a purchase grants, as they were when it was made. */
    public Mono<List<UUID>> coursesOf(UUID purchaseId) {
        return db.sql("SELECT course_id FROM purchase_course WHERE purchase_id = :id ORDER BY course_id")
                .bind("id", purchaseId).map(row -> row.get("course_id", UUID.class)).all().collectList();
    }

    /** Among {@code courseIds}, those the learner already owns through a paid purchase (a course or a bundle). */
    public Mono<Set<UUID>> ownedAmong(UUID learnerId, List<UUID> courseIds) {
        return db.sql("""
                        SELECT DISTINCT pc.course_id FROM purchase p JOIN purchase_course pc ON pc.purchase_id = p.id
                        WHERE p.learner_id = :learner AND p.status IN ('PAID', 'PARTIALLY_REFUNDED')
                          AND pc.course_id = ANY(CAST(:courses AS uuid[]))""")
                .bind("learner", learnerId).bind("courses", courseIds.toArray(UUID[]::new))
                .map(row -> row.get("course_id", UUID.class)).all().collect(Collectors.toSet());
    }

    /**
     * Whether every course this purchase would grant is already owned through another paid purchase: paying it
     * would buy nothing (two tabs, two checkouts). Never true for a purchase that grants no course (coaching).
     */
    public Mono<Boolean> grantsNothingNew(Purchase purchase) {
        return db.sql("""
                        SELECT count(*) > 0 AND bool_and(EXISTS (
                                   SELECT 1 FROM purchase o JOIN purchase_course oc ON oc.purchase_id = o.id
                                   WHERE o.learner_id = :learner AND oc.course_id = pc.course_id AND o.id <> :id
                                     AND o.status IN ('PAID', 'PARTIALLY_REFUNDED'))) AS owned
                        FROM purchase_course pc WHERE pc.purchase_id = :id""")
                .bind("learner", purchase.learnerId()).bind("id", purchase.id())
                .map(row -> Boolean.TRUE.equals(row.get("owned", Boolean.class))).one().defaultIfEmpty(false);
    }

    /** Writes the purchase as it now stands. A second PAID purchase of one course by one learner is a conflict. */
    public Mono<Purchase> update(Purchase purchase, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE purchase SET status = :status, amount_cents = :amount, stripe_session_id = :session, checkout_url = :url,
                               stripe_payment_intent_id = :paymentIntent, refunded_cents = :refunded, paid_at = :paidAt,
                               failure_reason = :failure, updated_at = :now
                        WHERE id = :id""")
                .bind("id", purchase.id()).bind("status", purchase.status().name()).bind("amount", purchase.amountCents())
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

    /**
     * A checkout the learner started for the same thing (this course, this bundle, or coaching when both are null)
     * and did not finish, still payable (younger than {@code since}).
     */
    public Mono<Purchase> openCheckout(UUID learnerId, PurchaseKind kind, UUID courseId, UUID bundleId, Instant since) {
        return db.sql("SELECT " + COLUMNS + " FROM purchase WHERE learner_id = :learner AND kind = :kind"
                        + " AND course_id IS NOT DISTINCT FROM CAST(NULLIF(:course, '') AS uuid) AND bundle_id IS NOT DISTINCT FROM CAST(NULLIF(:bundle, '') AS uuid)"
                        + " AND status IN ('PENDING', 'FAILED') AND checkout_url IS NOT NULL AND created_at > :since ORDER BY created_at DESC LIMIT 1")
                .bind("learner", learnerId).bind("kind", kind.name())
                .bind("course", courseId == null ? "" : courseId.toString())
                .bind("bundle", bundleId == null ? "" : bundleId.toString())
                .bind("since", utc(since))
                .map(PurchaseRepository::toPurchase).one();
    }

    public Mono<Boolean> owns(UUID learnerId, UUID courseId) {
        return ownedAmong(learnerId, List.of(courseId)).map(owned -> !owned.isEmpty());
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
                paid == null ? null : paid.toInstant(), row.get("failure_reason", String.class),
                PurchaseKind.valueOf(row.get("kind", String.class)), row.get("bundle_id", UUID.class));
    }
}
