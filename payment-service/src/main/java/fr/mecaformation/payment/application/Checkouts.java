package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.Offer;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.persistence.OfferRepository;
import fr.mecaformation.payment.persistence.PurchaseRepository;
import fr.mecaformation.payment.stripe.StripeGateway;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** A learner starts paying for a course: a pending purchase, then Stripe's hosted checkout page for it. */
@Service
public class Checkouts {

    /** Stripe's checkout sessions expire after 24 h; one younger than this is still worth offering again. */
    static final Duration CHECKOUT_LIFETIME = Duration.ofHours(23);

    private final OfferRepository offers;
    private final PurchaseRepository purchases;
    private final StripeGateway stripe;
    private final StripePrices prices;
    private final Clock clock;

    public Checkouts(OfferRepository offers, PurchaseRepository purchases, StripeGateway stripe, StripePrices prices, Clock clock) {
        this.prices = prices;
        this.offers = offers;
        this.purchases = purchases;
        this.stripe = stripe;
        this.clock = clock;
    }

    /**
     * The amount is the offer's, as the catalog last announced it. The pending purchase is written first: if Stripe
     * fails, the learner gets a 503 and an abandoned pending purchase stays behind, harmless (it grants nothing).
     */
    public Mono<Purchase> start(Caller learner, UUID courseId) {
        return offers.findById(courseId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune formation " + courseId + " en vente.")))
                .doOnNext(offer -> offer.ensurePurchasable())
                .flatMap(offer -> purchases.owns(learner.id(), courseId).flatMap(owned -> owned
                        ? Mono.error(new DomainException.Conflict("Vous possédez déjà la formation « " + offer.title() + " »."))
                        // a checkout already open for it is offered again: one page to pay, not two to pay twice
                        : purchases.openCheckout(learner.id(), courseId, clock.instant().minus(CHECKOUT_LIFETIME))
                                .switchIfEmpty(Mono.defer(() -> newCheckout(learner, offer)))));
    }

    private Mono<Purchase> newCheckout(Caller learner, Offer offer) {
        // the Stripe price first (no transaction is open here): Stripe failing leaves nothing behind
        return prices.priceOf(PricedItem.course(offer)).flatMap(priceId ->
                purchases.insert(Purchase.pending(UUID.randomUUID(), learner.id(), offer, clock.instant()))
                .flatMap(pending -> stripe.createCheckout(pending, priceId, learner.email())
                        .flatMap(session -> purchases.update(pending.withSession(session.id(), session.url()), clock.instant()))));
    }
}
