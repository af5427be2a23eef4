package fr.mecaformation.payment.stripe;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CouponCreateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PriceUpdateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.ProductUpdateParams;
import com.stripe.param.PromotionCodeCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import fr.mecaformation.payment.config.PaymentProperties;
import fr.mecaformation.payment.domain.PricedItem;
import fr.mecaformation.payment.domain.Plan;
import fr.mecaformation.payment.domain.Purchase;
import fr.mecaformation.payment.domain.Subscription;
import fr.mecaformation.platform.resilience.DependencyBreakers;
import fr.mecaformation.web.problem.DomainException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The calls payment-service makes to Stripe, through stripe-java (blocking: run on the scheduler for blocking
 * work). Timeouts, two network retries that reuse the request's idempotency key (stripe-java does that), and a
 * circuit breaker: a Stripe outage answers 503 at once instead of holding learners' requests.
 *
 * <p>Only an outage counts as one: no connection, a timeout, a 5xx, or 429 (Stripe shedding load). A 4xx is Stripe
 * answering that it refuses the request (an object it does not know, our key…): {@link DomainException.Refused},
 * 502, which the breaker ignores — telling learners "Stripe ne répond pas" then would send them waiting for
 * nothing. {@link #unknownToStripe} lets callers repair what Stripe forgot (StripePrices re-mirrors a price).
 */
@Component
public class StripeGateway {

    public static final String DEPENDENCY = "Stripe";

    private final StripeClient stripe;
    private final PaymentProperties properties;
    private final CircuitBreaker breaker = CircuitBreaker.of("stripe", DependencyBreakers.config());

    public StripeGateway(PaymentProperties properties) {
        this.properties = properties;
        int timeout = (int) properties.stripe().timeout().toMillis();
        this.stripe = StripeClient.builder()
                .setApiKey(properties.stripe().secretKey())
                .setApiBase(properties.stripe().apiBase())
                .setConnectTimeout(timeout)
                .setReadTimeout(timeout)
                .setMaxNetworkRetries(2)
                .build();
    }

    public record CheckoutSession(String id, String url) {
    }

    /**
     * A hosted checkout page for one purchase, at the Stripe price mirrored from our offer (VAT included), never an
     * amount from the client. The purchase id is both Stripe's idempotency key (a retried request makes no second
     * session) and the metadata that links Stripe's notifications back to the purchase.
     */
    public Mono<CheckoutSession> createCheckout(Purchase purchase, String priceId, String customerEmail) {
        return createCheckout(purchase, priceId, customerEmail, false);
    }

    /** @param remirrored the price was made again after Stripe forgot the first one: a request of its own */
    public Mono<CheckoutSession> createCheckout(Purchase purchase, String priceId, String customerEmail, boolean remirrored) {
        String purchaseId = purchase.id().toString();
        SessionCreateParams.Builder params = hostedPage(SessionCreateParams.Mode.PAYMENT, "purchaseId", purchaseId)
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder().putMetadata("purchaseId", purchaseId).build())
                .addLineItem(lineItem(priceId));
        if (customerEmail != null) {
            params.setCustomerEmail(customerEmail);
        }
        return createSession(params.build(), "checkout-" + purchaseId + (remirrored ? "-" + priceId : ""));
    }

    /**
     * Makes {@code item}'s Stripe Product (our own id: made once) if needed and a Price for its amount: EUR, TVA
     * included ({@code tax_behavior=inclusive}), its key as lookup key (moved to the new price). The previous price,
     * if any, is deactivated. The idempotency key names the transition (previous price → this amount), so a retry
     * or a concurrent mirror of the same change makes one price. A previous price Stripe does not know needs no
     * deactivating.
     *
     * @param previousMissing Stripe said it does not know the previous price or the product (a test double restarted
     *                        empty, another account's key): both are made again, under an idempotency key of their own
     * @return the new price's id
     */
    public Mono<String> mirrorPrice(PricedItem item, String previousPriceId, boolean productExists, boolean previousMissing) {
        return call(() -> {
            if (!productExists) {
                try {
                    stripe.v1().products().create(ProductCreateParams.builder().setId(item.productId()).setName(item.name())
                            .putMetadata("offerKey", item.key()).build());
                } catch (InvalidRequestException alreadyMade) {
                    if (!"resource_already_exists".equals(alreadyMade.getCode())) {
                        throw alreadyMade;
                    }
                }
            }
            PriceCreateParams.Builder price = PriceCreateParams.builder()
                    .setProduct(item.productId())
                    .setCurrency("eur")
                    .setUnitAmount(item.amountCents())
                    .setTaxBehavior(PriceCreateParams.TaxBehavior.INCLUSIVE)
                    .setLookupKey(item.key())
                    .setTransferLookupKey(true)
                    .putMetadata("offerKey", item.key());
            if (item.recurring() != null) {
                price.setRecurring(PriceCreateParams.Recurring.builder().setInterval(item.recurring() == Plan.YEARLY
                        ? PriceCreateParams.Recurring.Interval.YEAR : PriceCreateParams.Recurring.Interval.MONTH).build());
            }
            String priceId = stripe.v1().prices().create(price.build(), RequestOptions.builder().setIdempotencyKey(
                    "price-" + item.key() + "-" + item.amountCents() + (previousMissing ? "-replacing-missing-" : "-after-")
                            + (previousPriceId == null ? "none" : previousPriceId))
                    .build()).getId();
            if (previousPriceId != null && !previousPriceId.equals(priceId)) {
                try {
                    stripe.v1().prices().update(previousPriceId, PriceUpdateParams.builder().setActive(false).build());
                } catch (InvalidRequestException unknown) {
                    if (!"resource_missing".equals(unknown.getCode())) {
                        throw unknown;
                    }
                }
            }
            return priceId;
        });
    }

    /** The product's name follows the offer's title (it is what the checkout page shows). */
    public Mono<Void> renameProduct(String productId, String name) {
        return call(() -> stripe.v1().products().update(productId, ProductUpdateParams.builder().setName(name).build())).then();
    }

    /**
     * Refunds part or all of a purchase. {@code requestId} is the idempotency key: an admin's retried request never
     * refunds twice.
     */
    public Mono<String> refund(Purchase purchase, long amountCents, String reason, UUID requestId) {
        RefundCreateParams params = RefundCreateParams.builder()
                .setPaymentIntent(purchase.paymentIntentId())
                .setAmount(amountCents)
                .setReason(RefundCreateParams.Reason.valueOf(reason))
                .putMetadata("purchaseId", purchase.id().toString())
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("refund-" + requestId).build();
        return call(() -> stripe.v1().refunds().create(params, options).getId());
    }

    /** The learner's Stripe Customer, made once (the learner id as idempotency key and metadata). */
    public Mono<String> createCustomer(UUID learnerId, String email) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().putMetadata("learnerId", learnerId.toString());
        if (email != null) {
            params.setEmail(email);
        }
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("customer-" + learnerId).build();
        return call(() -> stripe.v1().customers().create(params.build(), options).getId());
    }

    /** A hosted checkout page that starts a subscription for the customer, at the plan's recurring Stripe price. */
    public Mono<CheckoutSession> createSubscriptionCheckout(Subscription subscription, String customerId, String priceId,
                                                            boolean remirrored) {
        String subscriptionId = subscription.id().toString();
        SessionCreateParams params = hostedPage(SessionCreateParams.Mode.SUBSCRIPTION, "subscriptionId", subscriptionId)
                .setCustomer(customerId)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("subscriptionId", subscriptionId)
                        .putMetadata("learnerId", subscription.learnerId().toString())
                        .build())
                .addLineItem(lineItem(priceId))
                .build();
        return createSession(params, "subscription-checkout-" + subscriptionId + (remirrored ? "-" + priceId : ""));
    }

    /**
     * What every hosted checkout page of ours has: French, promotion codes allowed, our id as the client reference
     * and in the metadata (how notifications find their way back), and the return pages.
     */
    private SessionCreateParams.Builder hostedPage(SessionCreateParams.Mode mode, String idName, String id) {
        return SessionCreateParams.builder()
                .setMode(mode)
                .setClientReferenceId(id)
                .putMetadata(idName, id)
                .setAllowPromotionCodes(true)
                .setLocale(SessionCreateParams.Locale.FR)
                .setSuccessUrl(properties.successUrl().replace("{purchaseId}", id))
                .setCancelUrl(properties.cancelUrl().replace("{purchaseId}", id));
    }

    private static SessionCreateParams.LineItem lineItem(String priceId) {
        return SessionCreateParams.LineItem.builder().setQuantity(1L).setPrice(priceId).build();
    }

    /** @param idempotencyKey a retried request makes no second session */
    private Mono<CheckoutSession> createSession(SessionCreateParams params, String idempotencyKey) {
        RequestOptions options = RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
        return call(() -> {
            Session session = stripe.v1().checkout().sessions().create(params, options);
            return new CheckoutSession(session.getId(), session.getUrl());
        });
    }

    /** A subscription as Stripe sees it now; {@code subscriptionId} is ours, from its metadata. */
    public record SubscriptionState(String stripeId, String status, UUID subscriptionId, Instant currentPeriodEnd) {
    }

    public Mono<SubscriptionState> subscription(String stripeSubscriptionId) {
        return call(() -> {
            com.stripe.model.Subscription current = stripe.v1().subscriptions().retrieve(stripeSubscriptionId);
            String ours = current.getMetadata() == null ? null : current.getMetadata().get("subscriptionId");
            Long periodEnd = current.getItems() == null || current.getItems().getData() == null || current.getItems().getData().isEmpty()
                    ? null : current.getItems().getData().get(0).getCurrentPeriodEnd();
            return new SubscriptionState(current.getId(), current.getStatus(), ours == null ? null : UUID.fromString(ours),
                    periodEnd == null ? null : Instant.ofEpochSecond(periodEnd));
        });
    }

    /**
     * A single-use promotion code, valid until {@code expiresAt}, for a discount a learner earned. The reward id
     * keys both calls, so a redelivered reward makes no second coupon.
     */
    public Mono<String> createRewardCoupon(UUID rewardId, Integer percentOff, Long amountOffCents, String reason,
                                           Instant expiresAt, String code) {
        CouponCreateParams.Builder coupon = CouponCreateParams.builder()
                .setDuration(CouponCreateParams.Duration.ONCE)
                .setMaxRedemptions(1L)
                .setRedeemBy(expiresAt.getEpochSecond())
                .setName(reason.length() <= 40 ? reason : reason.substring(0, 40))
                .putMetadata("rewardId", rewardId.toString());
        if (percentOff != null) {
            coupon.setPercentOff(java.math.BigDecimal.valueOf(percentOff));
        } else {
            coupon.setAmountOff(amountOffCents).setCurrency("eur");
        }
        return call(() -> {
            String couponId = stripe.v1().coupons().create(coupon.build(),
                    RequestOptions.builder().setIdempotencyKey("coupon-" + rewardId).build()).getId();
            stripe.v1().promotionCodes().create(PromotionCodeCreateParams.builder()
                            .setPromotion(PromotionCodeCreateParams.Promotion.builder()
                                    .setType(PromotionCodeCreateParams.Promotion.Type.COUPON).setCoupon(couponId).build())
                            .setCode(code)
                            .setMaxRedemptions(1L)
                            .setExpiresAt(expiresAt.getEpochSecond())
                            .putMetadata("rewardId", rewardId.toString())
                            .build(),
                    RequestOptions.builder().setIdempotencyKey("promotion-code-" + rewardId).build());
            return couponId;
        });
    }

    /**
     * A payment intent as Stripe sees it now: its status, the purchase it pays (our metadata; none for a
     * subscription's invoice) and, after a refused attempt, the bank's reason.
     */
    public record PaymentIntentState(String id, String status, UUID purchaseId, String failureMessage, Long amountCents) {
    }

    public Mono<PaymentIntentState> paymentIntent(String paymentIntentId) {
        return call(() -> {
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId);
            String purchaseId = intent.getMetadata() == null ? null : intent.getMetadata().get("purchaseId");
            return new PaymentIntentState(intent.getId(), intent.getStatus(), purchaseId == null ? null : UUID.fromString(purchaseId),
                    intent.getLastPaymentError() == null ? null : intent.getLastPaymentError().getMessage(), intent.getAmount());
        });
    }

    public record StripeCoupon(String couponId, String promotionCodeId) {
    }

    /**
     * A discount an admin made: the Stripe Coupon and the Promotion Code learners type. Our coupon id keys both calls,
     * so a retried request makes neither twice.
     */
    public Mono<StripeCoupon> createCoupon(fr.mecaformation.payment.domain.Coupon coupon) {
        CouponCreateParams.Builder params = CouponCreateParams.builder()
                .setName(coupon.name().length() <= 40 ? coupon.name() : coupon.name().substring(0, 40))
                .setDuration(CouponCreateParams.Duration.valueOf(coupon.duration().name()))
                .putMetadata("couponId", coupon.id().toString());
        if (coupon.durationMonths() != null) {
            params.setDurationInMonths(coupon.durationMonths().longValue());
        }
        if (coupon.percentOff() != null) {
            params.setPercentOff(java.math.BigDecimal.valueOf(coupon.percentOff()));
        } else {
            params.setAmountOff(coupon.amountOffCents()).setCurrency("eur");
        }
        if (coupon.expiresAt() != null) {
            params.setRedeemBy(coupon.expiresAt().getEpochSecond());
        }
        return call(() -> {
            String couponId = stripe.v1().coupons().create(params.build(),
                    RequestOptions.builder().setIdempotencyKey("admin-coupon-" + coupon.id()).build()).getId();
            PromotionCodeCreateParams.Builder code = PromotionCodeCreateParams.builder()
                    .setPromotion(PromotionCodeCreateParams.Promotion.builder()
                            .setType(PromotionCodeCreateParams.Promotion.Type.COUPON).setCoupon(couponId).build())
                    .setCode(coupon.code())
                    .putMetadata("couponId", coupon.id().toString());
            if (coupon.maxRedemptions() != null) {
                code.setMaxRedemptions(coupon.maxRedemptions().longValue());
            }
            if (coupon.expiresAt() != null) {
                code.setExpiresAt(coupon.expiresAt().getEpochSecond());
            }
            String promotionCodeId = stripe.v1().promotionCodes().create(code.build(),
                    RequestOptions.builder().setIdempotencyKey("admin-promotion-code-" + coupon.id()).build()).getId();
            return new StripeCoupon(couponId, promotionCodeId);
        });
    }

    /** The code can no longer be typed at checkout (checkouts that used it keep their discount). */
    public Mono<Void> deactivatePromotionCode(String promotionCodeId) {
        return call(() -> stripe.v1().promotionCodes().update(promotionCodeId,
                com.stripe.param.PromotionCodeUpdateParams.builder().setActive(false).build())).then();
    }

    /** The purchase a payment intent belongs to, from its metadata: for notifications that arrive before checkout's. */
    public Mono<Optional<UUID>> purchaseOfPaymentIntent(String paymentIntentId) {
        return call(() -> {
            PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId);
            String purchaseId = intent.getMetadata() == null ? null : intent.getMetadata().get("purchaseId");
            return Optional.ofNullable(purchaseId).map(UUID::fromString);
        });
    }

    /** Stripe answered that it does not know a price or product the request named ({@code resource_missing}). */
    public static boolean unknownToStripe(Throwable error) {
        if (!(error instanceof DomainException.Refused refused) || !"resource_missing".equals(refused.code())
                || !(refused.getCause() instanceof StripeException stripeError)) {
            return false;
        }
        String param = stripeError instanceof InvalidRequestException invalid && invalid.getParam() != null ? invalid.getParam() : "";
        String message = String.valueOf(stripeError.getStripeError() == null ? stripeError.getMessage()
                : stripeError.getStripeError().getMessage());
        return param.contains("price") || param.contains("product") || message.startsWith("No such price")
                || message.startsWith("No such product");
    }

    private <T> Mono<T> call(Callable<T> request) {
        return Mono.fromCallable(() -> {
                    try {
                        return request.call();
                    } catch (StripeException error) {
                        throw refusalOrOutage(error);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(error -> error instanceof StripeException || error instanceof io.github.resilience4j.circuitbreaker.CallNotPermittedException,
                        error -> new DomainException.Unavailable(DEPENDENCY, error));
    }

    /** A 4xx other than 429 is Stripe refusing the request (thrown as Refused, ignored by the breaker); the rest is an outage. */
    private static Exception refusalOrOutage(StripeException error) {
        Integer status = error.getStatusCode();
        if (status == null || status >= 500 || status == 429) {
            return error;
        }
        String code = error.getCode();
        String refusal = switch (status) {
            case 401 -> "la clé d'API de la plateforme est refusée";
            case 403 -> "la clé d'API de la plateforme n'a pas ce droit";
            default -> "resource_missing".equals(code) ? "un objet de la demande lui est inconnu"
                    + (error instanceof InvalidRequestException invalid && invalid.getParam() != null ? " (" + invalid.getParam() + ")" : "")
                    : "demande jugée invalide (" + (code == null ? "HTTP " + status : code) + ")";
        };
        return new DomainException.Refused(DEPENDENCY, refusal, code, error);
    }
}
