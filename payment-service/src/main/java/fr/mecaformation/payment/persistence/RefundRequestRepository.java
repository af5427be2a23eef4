package fr.mecaformation.payment.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** The audit of refunds admins asked for. */
@Repository
public class RefundRequestRepository {

    private final DatabaseClient db;

    public RefundRequestRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A retried request (same id) is recorded once. */
    public Mono<Void> record(UUID requestId, UUID purchaseId, UUID adminId, long amountCents, String reason, String note,
                             String stripeRefundId, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO refund_request (id, purchase_id, admin_id, amount_cents, reason, note, stripe_refund_id, created_at)
                        VALUES (:id, :purchase, :admin, :amount, :reason, :note, :refund, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", requestId).bind("purchase", purchaseId).bind("admin", adminId).bind("amount", amountCents)
                .bind("reason", reason).bind("refund", stripeRefundId).bind("now", now.atOffset(ZoneOffset.UTC));
        return (note == null ? spec.bindNull("note", String.class) : spec.bind("note", note)).then();
    }
}
