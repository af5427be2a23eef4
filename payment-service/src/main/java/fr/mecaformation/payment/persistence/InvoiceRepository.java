package fr.mecaformation.payment.persistence;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Paid subscription invoices, as Stripe reported them. */
@Repository
public class InvoiceRepository {

    public record SubscriptionInvoice(String stripeInvoiceId, UUID subscriptionId, UUID learnerId, String plan, String number,
                                      long amountPaidCents, String currency, String hostedInvoiceUrl, Instant paidAt) {
    }

    private static final String SELECT = """
            SELECT i.stripe_invoice_id, i.subscription_id, i.learner_id, s.plan, i.number, i.amount_paid_cents, i.currency,
                   i.hosted_invoice_url, i.paid_at
            FROM subscription_invoice i JOIN subscription s ON s.id = i.subscription_id""";

    private final DatabaseClient db;

    public InvoiceRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The learner is the subscription's; a redelivered notification records nothing more. */
    public Mono<Void> recordPaid(String stripeInvoiceId, UUID subscriptionId, String number, long amountPaidCents, String currency,
                                 String hostedInvoiceUrl, Instant paidAt) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        INSERT INTO subscription_invoice (stripe_invoice_id, subscription_id, learner_id, number, amount_paid_cents,
                                                          currency, hosted_invoice_url, paid_at)
                        SELECT :invoice, s.id, s.learner_id, :number, :amount, :currency, :url, :paidAt
                        FROM subscription s WHERE s.id = :subscription
                        ON CONFLICT (stripe_invoice_id) DO NOTHING""")
                .bind("invoice", stripeInvoiceId).bind("subscription", subscriptionId).bind("amount", amountPaidCents)
                .bind("currency", currency).bind("paidAt", paidAt.atOffset(ZoneOffset.UTC));
        spec = number == null ? spec.bindNull("number", String.class) : spec.bind("number", number);
        spec = hostedInvoiceUrl == null ? spec.bindNull("url", String.class) : spec.bind("url", hostedInvoiceUrl);
        return spec.then();
    }

    public Flux<SubscriptionInvoice> of(UUID learnerId) {
        return db.sql(SELECT + " WHERE i.learner_id = :learner ORDER BY i.paid_at DESC").bind("learner", learnerId)
                .map(InvoiceRepository::toInvoice).all();
    }

    public Mono<SubscriptionInvoice> find(String stripeInvoiceId) {
        return db.sql(SELECT + " WHERE i.stripe_invoice_id = :id").bind("id", stripeInvoiceId).map(InvoiceRepository::toInvoice).one();
    }

    private static SubscriptionInvoice toInvoice(Readable row) {
        return new SubscriptionInvoice(row.get("stripe_invoice_id", String.class), row.get("subscription_id", UUID.class),
                row.get("learner_id", UUID.class), row.get("plan", String.class), row.get("number", String.class),
                row.get("amount_paid_cents", Long.class), row.get("currency", String.class).toUpperCase(java.util.Locale.ROOT),
                row.get("hosted_invoice_url", String.class), row.get("paid_at", OffsetDateTime.class).toInstant());
    }
}
