package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.persistence.PriceRepository;
import fr.mecaformation.payment.persistence.PriceRepository.MirroredPrice;
import fr.mecaformation.payment.stripe.StripeGateway;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;

/**
 * Keeps a Stripe Product and Price for each thing we sell. Stripe is called outside any database transaction
 * (behind the gateway's breaker); the mirror row is written after Stripe answered. A price that changed gets a new
 * Stripe Price, the old one is deactivated; a renamed offer renames its product. Calls are keyed (product id,
 * idempotency keys built from the previous price), so two checkouts mirroring the same offer at once agree.
 */
@Service
public class StripePrices {

    private final PriceRepository prices;
    private final StripeGateway stripe;
    private final Clock clock;

    public StripePrices(PriceRepository prices, StripeGateway stripe, Clock clock) {
        this.prices = prices;
        this.stripe = stripe;
        this.clock = clock;
    }

    /** The Stripe price id to charge for {@code item}, mirrored now if Stripe does not have it at this amount yet. */
    public Mono<String> priceOf(PricedItem item) {
        return prices.find(item.key())
                .flatMap(known -> {
                    if (known.amountCents() != item.amountCents()) {
                        return mirror(item, known);
                    }
                    if (!known.name().equals(item.name())) {
                        return stripe.renameProduct(known.productId(), item.name())
                                .then(save(item, known.productId(), known.priceId()));
                    }
                    return Mono.just(known.priceId());
                })
                .switchIfEmpty(Mono.defer(() -> mirror(item, null)));
    }

    private Mono<String> mirror(PricedItem item, MirroredPrice previous) {
        return stripe.mirrorPrice(item, previous == null ? null : previous.priceId(), previous != null)
                .flatMap(priceId -> save(item, item.productId(), priceId));
    }

    private Mono<String> save(PricedItem item, String productId, String priceId) {
        return prices.save(new MirroredPrice(item.key(), item.name(), item.amountCents(), productId, priceId), clock.instant())
                .thenReturn(priceId);
    }
}
