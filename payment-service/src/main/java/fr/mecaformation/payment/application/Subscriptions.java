package fr.mecaformation.payment.application;

import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.payment.config.PaymentProperties;
import fr.mecaformation.payment.domain.Plan;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.domain.Subscription;
import fr.mecaformation.payment.domain.SubscriptionStatus;
import fr.mecaformation.payment.persistence.SubscriptionRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Subscriptions to the whole catalog. Their state is Stripe's: each notification about one is answered by reading
 * it back from Stripe, so notifications in any order end in its current state, and each change of state is
 * announced once on payment.subscription.v1.
 */
@Service
public class Subscriptions {

    private final SubscriptionRepository subscriptions;
    private final StripeGateway stripe;
    private final OutboxWriter outbox;
    private final PaymentProperties properties;
    private final StripePrices prices;
    private final Clock clock;

    public Subscriptions(SubscriptionRepository subscriptions, StripeGateway stripe, OutboxWriter outbox,
                         PaymentProperties properties, StripePrices prices, Clock clock) {
        this.prices = prices;
        this.subscriptions = subscriptions;
        this.stripe = stripe;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<Subscription> start(Caller learner, Plan plan) {
        long amount = plan == Plan.YEARLY ? properties.plans().yearlyCents() : properties.plans().monthlyCents();
        return subscriptions.hasRunning(learner.id())
                .flatMap(running -> running
                        ? Mono.error(new DomainException.Conflict("Vous avez déjà un abonnement en cours."))
                        : customer(learner))
                .flatMap(customer -> subscriptions.insert(Subscription.pending(UUID.randomUUID(), learner.id(), plan, amount,
                                clock.instant()))
                        .flatMap(pending -> prices.priceOf(PricedItem.plan(plan, amount))
                                .flatMap(priceId -> prices.charging(PricedItem.plan(plan, amount), priceId, (price, remirrored) ->
                                        stripe.createSubscriptionCheckout(pending, customer, price, remirrored)))
                                .flatMap(session -> subscriptions.update(pending.withCheckout(session.url()), clock.instant()))));
    }

    private Mono<String> customer(Caller learner) {
        return subscriptions.customerOf(learner.id())
                .switchIfEmpty(Mono.defer(() -> stripe.createCustomer(learner.id(), learner.email())
                        .flatMap(created -> subscriptions.saveCustomer(learner.id(), created, clock.instant())
                                .then(subscriptions.customerOf(learner.id())))));
    }

    /** Brings one subscription to Stripe's current state; runs in the webhook's inbox transaction. */
    public Mono<Void> sync(StripeGateway.SubscriptionState current) {
        if (current.subscriptionId() == null) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        return subscriptions.findForUpdate(current.subscriptionId()).flatMap(before -> {
            Subscription after = before.synced(current.stripeId(), SubscriptionStatus.fromStripe(current.status()),
                    current.currentPeriodEnd());
            Mono<Void> saved = subscriptions.update(after, now).then();
            if (after.status() == before.status()) {
                return saved;
            }
            return saved.then(switch (after.status()) {
                case ACTIVE -> outbox.append(new SubscriptionActivated(after.id(), after.learnerId(), after.plan().name(),
                        after.currentPeriodEnd() == null ? now : after.currentPeriodEnd(), now));
                case PAST_DUE -> outbox.append(new SubscriptionPastDue(after.id(), after.learnerId(), now));
                case CANCELLED -> before.status().isRunning()
                        ? outbox.append(new SubscriptionCancelled(after.id(), after.learnerId(), now)) : Mono.empty();
                case PENDING -> Mono.empty();
            });
        });
    }
}
