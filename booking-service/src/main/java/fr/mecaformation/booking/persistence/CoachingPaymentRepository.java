package fr.mecaformation.booking.persistence;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/** What each coaching payment became (confirmed a hold, re-booked a lapsed one, or must be refunded by an admin). */
@Repository
public class CoachingPaymentRepository {

    public record CoachingPayment(UUID paymentId, UUID learnerId, UUID bookingId, long amountCents, String outcome,
                                  String reason, Instant receivedAt) {
    }

    private final DatabaseClient db;

    public CoachingPaymentRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Boolean> exists(UUID paymentId) {
        return db.sql("SELECT 1 FROM coaching_payment WHERE payment_id = :id").bind("id", paymentId).map(row -> true).one()
                .defaultIfEmpty(false);
    }

    public Mono<Void> insert(CoachingPayment payment) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO coaching_payment (payment_id, learner_id, booking_id, amount_cents, outcome, reason, received_at)
                        VALUES (:payment, :learner, :booking, :amount, :outcome, :reason, :now)""")
                .bind("payment", payment.paymentId()).bind("learner", payment.learnerId())
                .bind("amount", payment.amountCents()).bind("outcome", payment.outcome())
                .bind("now", Rows.utc(payment.receivedAt()));
        spec = payment.bookingId() == null ? spec.bindNull("booking", UUID.class) : spec.bind("booking", payment.bookingId());
        spec = payment.reason() == null ? spec.bindNull("reason", String.class) : spec.bind("reason", payment.reason());
        return spec.then();
    }

    public Mono<Long> requireRefund(UUID paymentId, String reason) {
        return db.sql("UPDATE coaching_payment SET outcome = 'REFUND_REQUIRED', reason = :reason WHERE payment_id = :payment")
                .bind("payment", paymentId).bind("reason", reason).fetch().rowsUpdated();
    }

    public Flux<CoachingPayment> refundsRequired() {
        return db.sql("SELECT * FROM coaching_payment WHERE outcome = 'REFUND_REQUIRED' ORDER BY received_at")
                .map(CoachingPaymentRepository::payment).all();
    }

    public Mono<Long> anonymise(UUID learnerId) {
        return db.sql("UPDATE coaching_payment SET learner_id = NULL WHERE learner_id = :learner").bind("learner", learnerId)
                .fetch().rowsUpdated();
    }

    static CoachingPayment payment(Readable row) {
        return new CoachingPayment(row.get("payment_id", UUID.class), row.get("learner_id", UUID.class),
                row.get("booking_id", UUID.class), row.get("amount_cents", Long.class), row.get("outcome", String.class),
                row.get("reason", String.class), Rows.instant(row, "received_at"));
    }
}
