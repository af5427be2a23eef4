package fr.mecaformation.payment.application;

import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.persistence.PriceRepository;
import fr.mecaformation.payment.persistence.PriceRepository.MirroredPrice;
import fr.mecaformation.payment.stripe.StripeGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.function.BiFunction;

/**
 * Keeps a Stripe Product and Price for each thing we sell. Stripe is called outside any database transaction
 * (behind the gateway's breaker); the mirror row is written after Stripe answered. A price that changed gets a new
 * Stripe Price, the old one is deactivated; a renamed offer renames its product. Calls are keyed (product id,
 * idempotency keys built from the previous price), so two checkouts mirroring the same offer at once agree.
 *
 * <p>Stripe may not know what we mirrored (the local test double restarted empty, the key now names another account):
 * on its {@code resource_missing} for the price or product, the product and price are made again, once, and the
 * call that needed them runs again with the new price.
 */
@Service
public class StripePrices {

    private static final Logger log = LoggerFactory.getLogger(StripePrices.class);

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
                                .then(save(item, known.productId(), known.priceId()))
                                .onErrorResume(StripeGateway::unknownToStripe, forgotten -> remirror(item, known.priceId()));
                    }
                    return Mono.just(known.priceId());
                })
                .switchIfEmpty(Mono.defer(() -> mirror(item, null)));
    }

    /**
     * Runs {@code charge} (a checkout that names the price) with {@code priceId}; when Stripe answers it does not know
     * that price or its product, mirrors them again and runs it once more with the new price ({@code true}: a request
     * of its own, under another idempotency key).
     */
    public <T> Mono<T> charging(PricedItem item, String priceId, BiFunction<String, Boolean, Mono<T>> charge) {
        return charge.apply(priceId, false)
                .onErrorResume(StripeGateway::unknownToStripe,
                        forgotten -> remirror(item, priceId).flatMap(newPrice -> charge.apply(newPrice, true)));
    }

    private Mono<String> mirror(PricedItem item, MirroredPrice previous) {
        return stripe.mirrorPrice(item, previous == null ? null : previous.priceId(), previous != null, false)
                .flatMap(priceId -> save(item, item.productId(), priceId))
                .onErrorResume(error -> previous != null && StripeGateway.unknownToStripe(error),
                        forgotten -> remirror(item, previous.priceId()));
    }

    private Mono<String> remirror(PricedItem item, String forgottenPriceId) {
        log.warn("Stripe does not know the price {} of {} (nor perhaps its product): mirrored again", forgottenPriceId, item.key());
        return stripe.mirrorPrice(item, forgottenPriceId, false, true)
                .flatMap(priceId -> save(item, item.productId(), priceId));
    }

    private Mono<String> save(PricedItem item, String productId, String priceId) {
        return prices.save(new MirroredPrice(item.key(), item.name(), item.amountCents(), productId, priceId), clock.instant())
                .thenReturn(priceId);
    }
}
