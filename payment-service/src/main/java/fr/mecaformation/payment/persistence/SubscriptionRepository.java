package fr.mecaformation.payment.persistence;

import fr.mecaformation.payment.domain.Plan;
import fr.mecaformation.payment.domain.Subscription;
import fr.mecaformation.payment.domain.SubscriptionStatus;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

@Repository
public class SubscriptionRepository {

    private static final String COLUMNS = """
            id, learner_id, plan, amount_cents, status, stripe_subscription_id, checkout_url, current_period_end, created_at""";

    private final DatabaseClient db;

    public SubscriptionRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<String> customerOf(UUID learnerId) {
        return db.sql("SELECT stripe_customer_id FROM customer WHERE learner_id = :learner").bind("learner", learnerId)
                .map(row -> row.get("stripe_customer_id", String.class)).one();
    }

    public Mono<Void> saveCustomer(UUID learnerId, String customerId, Instant now) {
        return db.sql("INSERT INTO customer (learner_id, stripe_customer_id, created_at) VALUES (:learner, :customer, :now)"
                        + " ON CONFLICT (learner_id) DO NOTHING")
                .bind("learner", learnerId).bind("customer", customerId).bind("now", utc(now)).then();
    }

    public Mono<Boolean> hasRunning(UUID learnerId) {
        return db.sql("SELECT 1 FROM subscription WHERE learner_id = :learner AND status IN ('ACTIVE', 'PAST_DUE')")
                .bind("learner", learnerId).map(row -> true).one().defaultIfEmpty(false);
    }

    public Mono<Subscription> insert(Subscription subscription) {
        return db.sql("""
                        INSERT INTO subscription (id, learner_id, plan, amount_cents, status, created_at, updated_at)
                        VALUES (:id, :learner, :plan, :amount, :status, :now, :now)""")
                .bind("id", subscription.id()).bind("learner", subscription.learnerId()).bind("plan", subscription.plan().name())
                .bind("amount", subscription.amountCents()).bind("status", subscription.status().name())
                .bind("now", utc(subscription.createdAt()))
                .then().thenReturn(subscription);
    }

    public Mono<Subscription> update(Subscription subscription, Instant now) {
        DatabaseClient.GenericExecuteSpec spec = db.sql("""
                        UPDATE subscription SET status = :status, stripe_subscription_id = :stripeId, checkout_url = :url,
                               current_period_end = :periodEnd, updated_at = :now,
                               activated_at = CASE WHEN :status IN ('ACTIVE', 'PAST_DUE') THEN coalesce(activated_at, :now) ELSE activated_at END,
                               cancelled_at = CASE WHEN :status = 'CANCELLED' AND activated_at IS NOT NULL THEN coalesce(cancelled_at, :now)
                                                   ELSE cancelled_at END
                        WHERE id = :id""")
                .bind("id", subscription.id()).bind("status", subscription.status().name()).bind("now", utc(now));
        spec = subscription.stripeSubscriptionId() == null ? spec.bindNull("stripeId", String.class) : spec.bind("stripeId", subscription.stripeSubscriptionId());
        spec = subscription.checkoutUrl() == null ? spec.bindNull("url", String.class) : spec.bind("url", subscription.checkoutUrl());
        spec = subscription.currentPeriodEnd() == null ? spec.bindNull("periodEnd", OffsetDateTime.class)
                : spec.bind("periodEnd", utc(subscription.currentPeriodEnd()));
        return spec.then().thenReturn(subscription);
    }

    public Mono<Subscription> findForUpdate(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM subscription WHERE id = :id FOR UPDATE").bind("id", id)
                .map(SubscriptionRepository::toSubscription).one();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Subscription toSubscription(Readable row) {
        OffsetDateTime periodEnd = row.get("current_period_end", OffsetDateTime.class);
        return new Subscription(row.get("id", UUID.class), row.get("learner_id", UUID.class), Plan.valueOf(row.get("plan", String.class)),
                row.get("amount_cents", Long.class), SubscriptionStatus.valueOf(row.get("status", String.class)),
                row.get("stripe_subscription_id", String.class), row.get("checkout_url", String.class),
                periodEnd == null ? null : periodEnd.toInstant(), row.get("created_at", OffsetDateTime.class).toInstant());
    }
}
