package fr.mecaformation.payment.application;

import fr.mecaformation.payment.config.PaymentProperties;
import fr.mecaformation.payment.domain.Bundle;
import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.PurchaseKind;
import fr.mecaformation.payment.persistence.BundleRepository;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A learner starts paying for a course, a bundle or a coaching hour: a pending purchase, then Stripe's hosted
 * checkout page for it. The amount is always ours (the catalog's price, the bundle's, the configured coaching rate).
 */
@Service
public class Checkouts {

    /** Stripe's checkout sessions expire after 24 h; one younger than this is still worth offering again. */
    static final Duration CHECKOUT_LIFETIME = Duration.ofHours(23);

    private final OfferRepository offers;
    private final BundleRepository bundles;
    private final PurchaseRepository purchases;
    private final StripeGateway stripe;
    private final StripePrices prices;
    private final PaymentProperties properties;
    private final Clock clock;

    public Checkouts(OfferRepository offers, BundleRepository bundles, PurchaseRepository purchases, StripeGateway stripe,
                     StripePrices prices, PaymentProperties properties, Clock clock) {
        this.offers = offers;
        this.bundles = bundles;
        this.purchases = purchases;
        this.stripe = stripe;
        this.prices = prices;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The amount is the offer's, as the catalog last announced it. The pending purchase is written first: if Stripe
     * fails, the learner gets a 503 and an abandoned pending purchase stays behind, harmless (it grants nothing).
     */
    public Mono<Purchase> start(Caller learner, UUID courseId) {
        return offers.findById(courseId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune formation " + courseId + " en vente.")))
                .doOnNext(Offer::ensurePurchasable)
                .flatMap(offer -> purchases.owns(learner.id(), courseId).flatMap(owned -> owned
                        ? Mono.error(new DomainException.Conflict("Vous possédez déjà la formation « " + offer.title() + " »."))
                        // a checkout already open for it is offered again: one page to pay, not two to pay twice
                        : purchases.openCheckout(learner.id(), PurchaseKind.COURSE, courseId, null, since())
                                .switchIfEmpty(Mono.defer(() -> newCheckout(learner,
                                        Purchase.pending(UUID.randomUUID(), learner.id(), offer, clock.instant()),
                                        List.of(courseId), PricedItem.course(offer))))));
    }

    /**
     * A bundle, bought whole at its price. Refused when the learner already owns every course in it (nothing to buy);
     * owning some of them does not stop it (the learner sees the bundle's content and price before paying).
     */
    public Mono<Purchase> startBundle(Caller learner, UUID bundleId) {
        return bundles.findById(bundleId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun pack " + bundleId + " en vente.")))
                .flatMap(bundle -> offers.findAll(bundle.courseIds()).collectList()
                        .doOnNext(bundle::ensurePurchasable)
                        .then(purchases.ownedAmong(learner.id(), bundle.courseIds()))
                        .flatMap(owned -> owned.containsAll(bundle.courseIds())
                                ? Mono.error(new DomainException.Conflict("Vous possédez déjà toutes les formations du pack « "
                                        + bundle.title() + " » : il ne vous apporterait rien."))
                                : purchases.openCheckout(learner.id(), PurchaseKind.BUNDLE, null, bundleId, since())
                                        .switchIfEmpty(Mono.defer(() -> newCheckout(learner,
                                                Purchase.pendingBundle(UUID.randomUUID(), learner.id(), bundle, clock.instant()),
                                                bundle.courseIds(), bundle.pricedItem())))));
    }

    /** One hour of coaching with a trainer, at the configured rate; it grants no course, and can be bought again. */
    public Mono<Purchase> startCoaching(Caller learner) {
        long amount = properties.coachingHourCents();
        return purchases.openCheckout(learner.id(), PurchaseKind.COACHING, null, null, since())
                .switchIfEmpty(Mono.defer(() -> newCheckout(learner,
                        Purchase.pendingCoaching(UUID.randomUUID(), learner.id(), amount, clock.instant()),
                        List.of(), PricedItem.coachingHour(amount))));
    }

    private Instant since() {
        return clock.instant().minus(CHECKOUT_LIFETIME);
    }

    private Mono<Purchase> newCheckout(Caller learner, Purchase pending, List<UUID> courseIds, PricedItem item) {
        // the Stripe price first (no transaction is open here): Stripe failing leaves nothing behind
        return prices.priceOf(item).flatMap(priceId -> purchases.insert(pending, courseIds)
                .flatMap(inserted -> prices.charging(item, priceId,
                                (price, remirrored) -> stripe.createCheckout(inserted, price, learner.email(), remirrored))
                        .flatMap(session -> purchases.update(inserted.withSession(session.id(), session.url()), clock.instant()))));
    }
}
