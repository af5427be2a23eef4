package fr.mecaformation.payment.persistence;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;

/** The refund ledger and the monthly revenue figures computed from it and from paid purchases. */
@Repository
public class RevenueRepository {

    private final DatabaseClient db;

    public RevenueRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> recordRefund(UUID purchaseId, long amountCents, Instant at) {
        return db.sql("INSERT INTO refund (purchase_id, amount_cents, refunded_at) VALUES (:purchase, :amount, :at)")
                .bind("purchase", purchaseId).bind("amount", amountCents).bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /**
     * @param recurringCents monthly recurring revenue at the month's end: running subscriptions, a yearly one
     *                       counting for a twelfth
     * @param churned        subscriptions that ended during the month
     */
    public record Month(YearMonth month, long grossCents, long refundsCents, long purchases, long recurringCents,
                        long newSubscriptions, long churned) {
    }

    /** Months in French time (Europe/Paris), {@code from} to {@code to} included, each listed even when empty. */
    public Flux<Month> monthly(YearMonth from, YearMonth to) {
        return db.sql("""
                        WITH months AS (
                            SELECT generate_series(:from::date, :to::date, interval '1 month')::date AS month),
                        paid AS (
                            SELECT date_trunc('month', paid_at AT TIME ZONE 'Europe/Paris')::date AS month,
                                   sum(amount_cents) AS gross, count(*) AS purchases
                            FROM purchase WHERE paid_at IS NOT NULL GROUP BY 1),
                        refunded AS (
                            SELECT date_trunc('month', refunded_at AT TIME ZONE 'Europe/Paris')::date AS month,
                                   sum(amount_cents) AS refunds
                            FROM refund GROUP BY 1)
                        SELECT months.month, coalesce(paid.gross, 0) AS gross, coalesce(refunded.refunds, 0) AS refunds,
                               coalesce(paid.purchases, 0) AS purchases,
                               (SELECT coalesce(sum(CASE s.plan WHEN 'YEARLY' THEN s.amount_cents / 12 ELSE s.amount_cents END), 0)
                                FROM subscription s
                                WHERE s.activated_at < (months.month + interval '1 month') AT TIME ZONE 'Europe/Paris'
                                  AND (s.cancelled_at IS NULL
                                       OR s.cancelled_at >= (months.month + interval '1 month') AT TIME ZONE 'Europe/Paris'))::bigint AS recurring,
                               (SELECT count(*) FROM subscription s
                                WHERE s.activated_at >= months.month AT TIME ZONE 'Europe/Paris'
                                  AND s.activated_at < (months.month + interval '1 month') AT TIME ZONE 'Europe/Paris') AS started,
                               (SELECT count(*) FROM subscription s
                                WHERE s.cancelled_at >= months.month AT TIME ZONE 'Europe/Paris'
                                  AND s.cancelled_at < (months.month + interval '1 month') AT TIME ZONE 'Europe/Paris') AS churned
                        FROM months LEFT JOIN paid USING (month) LEFT JOIN refunded USING (month)
                        ORDER BY months.month""")
                .bind("from", from.atDay(1)).bind("to", to.atDay(1))
                .map(row -> new Month(YearMonth.from(row.get("month", LocalDate.class)), row.get("gross", Long.class),
                        row.get("refunds", Long.class), row.get("purchases", Long.class), row.get("recurring", Long.class),
                        row.get("started", Long.class), row.get("churned", Long.class)))
                .all();
    }
}
