package fr.mecaformation.stripedouble;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST MODE. The Stripe API calls payment-service makes (products and prices, customers, checkout sessions in payment
 * and subscription mode, payment intents, subscriptions, refunds, coupons and promotion codes), answered in Stripe's
 * JSON shapes, and a checkout page whose "pay" button completes the session and sends what Stripe sends
 * ({@code checkout.session.completed} and {@code payment_intent.succeeded}; for a subscription
 * {@code customer.subscription.created} and {@code invoice.paid}), signed exactly as Stripe signs
 * ({@code Stripe-Signature: t=…,v1=HMAC-SHA256}).
 * State lives in memory and, when {@code stripe-double.state-file} names a file (./meca keeps it in its data
 * directory), is saved there before each changing request is answered and read back at startup: like Stripe, the
 * double still knows the products, prices, customers and sessions it made after a restart. Nothing here ever
 * touches money.
 */
@RestController
public class StripeDouble {

    private static final Logger log = LoggerFactory.getLogger(StripeDouble.class);

    record CheckoutSession(String id, String purchaseId, long amount, String currency, String productName,
                                   String successUrl, String cancelUrl, String paymentIntent, boolean paid,
                                   String mode, String customer, String subscriptionId, String interval) {

        CheckoutSession paidWith(String paymentIntent) {
            return new CheckoutSession(id, purchaseId, amount, currency, productName, successUrl, cancelUrl, paymentIntent, true,
                    mode, customer, subscriptionId, interval);
        }

        /** Our metadata as the service set it: the purchase (payment mode) or its subscription's id. */
        Map<String, Object> metadata() {
            return purchaseId != null ? Map.of("purchaseId", purchaseId)
                    : subscriptionId != null ? Map.of("subscriptionId", subscriptionId) : Map.of();
        }
    }

    /** A subscription started on the checkout page; renewals are not simulated. */
    record StripeSubscription(String id, String customer, String status, String subscriptionId, long periodEnd,
                                      String price) {
    }

    private final Map<String, StripeSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, String> promotionCodes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> promotionCodesActive = new ConcurrentHashMap<>();

    record Price(String id, String product, long amount, String currency, String interval, String lookupKey, boolean active) {
    }

    private final Map<String, CheckoutSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> productNames = new ConcurrentHashMap<>();
    private final Map<String, Price> prices = new ConcurrentHashMap<>();
    /** Answers already given to a request with this idempotency key (per path), given again as Stripe does. */
    private final Map<String, Map<String, Object>> answered = new ConcurrentHashMap<>();
    private final Map<String, String> sessionsByIdempotencyKey = new ConcurrentHashMap<>();
    private final Map<String, String> purchaseByPaymentIntent = new ConcurrentHashMap<>();
    private final Map<String, Long> refundedByPaymentIntent = new ConcurrentHashMap<>();
    private final Map<String, Long> amountByPaymentIntent = new ConcurrentHashMap<>();
    private final StripeDoubleProperties properties;
    private final WebClient webhooks = WebClient.create();

    public StripeDouble(StripeDoubleProperties properties) {
        this.properties = properties;
        load();
    }

    /** Everything the double knows, as its state file holds it. */
    record State(Map<String, CheckoutSession> sessions, Map<String, String> productNames, Map<String, Price> prices,
                 Map<String, Map<String, Object>> answered, Map<String, String> sessionsByIdempotencyKey,
                 Map<String, String> purchaseByPaymentIntent, Map<String, Long> refundedByPaymentIntent,
                 Map<String, Long> amountByPaymentIntent, Map<String, StripeSubscription> subscriptions,
                 Map<String, String> promotionCodes, Map<String, Boolean> promotionCodesActive) {
    }

    private void load() {
        Path file = stateFile();
        if (file == null || !Files.exists(file)) {
            return;
        }
        State state = JsonMapper.shared().readValue(file.toFile(), State.class);
        sessions.putAll(state.sessions());
        productNames.putAll(state.productNames());
        prices.putAll(state.prices());
        answered.putAll(state.answered());
        sessionsByIdempotencyKey.putAll(state.sessionsByIdempotencyKey());
        purchaseByPaymentIntent.putAll(state.purchaseByPaymentIntent());
        refundedByPaymentIntent.putAll(state.refundedByPaymentIntent());
        amountByPaymentIntent.putAll(state.amountByPaymentIntent());
        subscriptions.putAll(state.subscriptions());
        promotionCodes.putAll(state.promotionCodes());
        promotionCodesActive.putAll(state.promotionCodesActive());
        log.info("TEST MODE: state read from {} ({} products, {} prices, {} checkout sessions)", file, productNames.size(),
                prices.size(), sessions.size());
    }

    /** Writes the whole state (a new file moved over the old one: a crash mid-write leaves the previous state). */
    synchronized void save() {
        Path file = stateFile();
        if (file == null) {
            return;
        }
        State state = new State(Map.copyOf(sessions), Map.copyOf(productNames), Map.copyOf(prices), Map.copyOf(answered),
                Map.copyOf(sessionsByIdempotencyKey), Map.copyOf(purchaseByPaymentIntent), Map.copyOf(refundedByPaymentIntent),
                Map.copyOf(amountByPaymentIntent), Map.copyOf(subscriptions), Map.copyOf(promotionCodes),
                Map.copyOf(promotionCodesActive));
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path next = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            JsonMapper.shared().writeValue(next.toFile(), state);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the Stripe double's state to " + file, e);
        }
    }

    private Path stateFile() {
        return properties.stateFile() == null || properties.stateFile().isBlank() ? null : Path.of(properties.stateFile());
    }

    @PostMapping(path = "/v1/checkout/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> createSession(ServerWebExchange exchange,
                                                   @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return exchange.getFormData().map(form -> {
            String existing = idempotencyKey == null ? null : sessionsByIdempotencyKey.get(idempotencyKey);
            CheckoutSession session = existing != null ? sessions.get(existing) : newSession(form);
            if (existing == null && idempotencyKey != null) {
                sessionsByIdempotencyKey.put(idempotencyKey, session.id());
            }
            return sessionJson(session);
        });
    }

    private CheckoutSession newSession(MultiValueMap<String, String> form) {
        String id = "cs_test_" + UUID.randomUUID().toString().replace("-", "");
        String priceId = form.getFirst("line_items[0][price]");
        Price price = priceId == null ? null : prices.get(priceId);
        if (priceId != null && (price == null || !price.active())) {
            throw new UnknownObject("price", priceId);
        }
        String mode = form.getFirst("mode") == null ? "payment" : form.getFirst("mode");
        String purchaseId = form.getFirst("metadata[purchaseId]");
        String subscriptionId = form.getFirst("subscription_data[metadata][subscriptionId]");
        CheckoutSession session = price != null
                ? new CheckoutSession(id, purchaseId, price.amount(), price.currency(),
                        productNames.getOrDefault(price.product(), price.product()),
                        form.getFirst("success_url"), form.getFirst("cancel_url"), null, false,
                        mode, form.getFirst("customer"), subscriptionId, price.interval())
                : new CheckoutSession(id, purchaseId,
                        Long.parseLong(form.getFirst("line_items[0][price_data][unit_amount]")),
                        form.getFirst("line_items[0][price_data][currency]"),
                        form.getFirst("line_items[0][price_data][product_data][name]"),
                        form.getFirst("success_url"), form.getFirst("cancel_url"), null, false,
                        mode, form.getFirst("customer"), subscriptionId, form.getFirst("line_items[0][price_data][recurring][interval]"));
        sessions.put(id, session);
        return session;
    }

    private Map<String, Object> sessionJson(CheckoutSession session) {
        return Map.of("id", session.id(), "object", "checkout.session", "livemode", false,
                "url", properties.publicUrl() + "/checkout/" + session.id(),
                "amount_total", session.amount(), "currency", session.currency(),
                "payment_status", session.paid() ? "paid" : "unpaid", "mode", session.mode(),
                "metadata", session.metadata());
    }

    /** Products are made once under the id the caller chose, as Stripe does ({@code resource_already_exists}). */
    @PostMapping(path = "/v1/products", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> createProduct(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            String id = form.getFirst("id") != null ? form.getFirst("id") : "prod_test_" + UUID.randomUUID().toString().replace("-", "");
            if (productNames.putIfAbsent(id, form.getFirst("name")) != null) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(error("resource_already_exists",
                        "Product already exists."));
            }
            return ResponseEntity.ok(productJson(id));
        });
    }

    @PostMapping(path = "/v1/products/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> updateProduct(@PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            if (!productNames.containsKey(id)) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("resource_missing", "No such product: " + id));
            }
            if (form.getFirst("name") != null) {
                productNames.put(id, form.getFirst("name"));
            }
            return ResponseEntity.ok(productJson(id));
        });
    }

    private Map<String, Object> productJson(String id) {
        return Map.of("id", id, "object", "product", "name", productNames.get(id), "active", true, "livemode", false);
    }

    /** A price of a known product; {@code transfer_lookup_key} moves its lookup key from the price that had it. */
    @PostMapping(path = "/v1/prices", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> createPrice(ServerWebExchange exchange,
                                                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return exchange.getFormData().map(form -> {
            Map<String, Object> earlier = idempotencyKey == null ? null : answered.get("/v1/prices " + idempotencyKey);
            if (earlier != null) {
                return ResponseEntity.ok(earlier);
            }
            String product = form.getFirst("product");
            if (product == null || !productNames.containsKey(product)) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(error("resource_missing", "No such product: " + product));
            }
            String lookupKey = form.getFirst("lookup_key");
            if (lookupKey != null && "true".equals(form.getFirst("transfer_lookup_key"))) {
                prices.replaceAll((id, price) -> lookupKey.equals(price.lookupKey())
                        ? new Price(id, price.product(), price.amount(), price.currency(), price.interval(), null, price.active()) : price);
            }
            Price price = new Price("price_test_" + UUID.randomUUID().toString().replace("-", ""), product,
                    Long.parseLong(form.getFirst("unit_amount")), form.getFirst("currency"), form.getFirst("recurring[interval]"),
                    lookupKey, true);
            prices.put(price.id(), price);
            Map<String, Object> json = priceJson(price);
            if (idempotencyKey != null) {
                answered.put("/v1/prices " + idempotencyKey, json);
            }
            return ResponseEntity.ok(json);
        });
    }

    @PostMapping(path = "/v1/prices/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> updatePrice(@PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            Price price = prices.get(id);
            if (price == null) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("resource_missing", "No such price: " + id));
            }
            Price updated = form.getFirst("active") == null ? price : new Price(id, price.product(), price.amount(), price.currency(),
                    price.interval(), price.lookupKey(), Boolean.parseBoolean(form.getFirst("active")));
            prices.put(id, updated);
            return ResponseEntity.ok(priceJson(updated));
        });
    }

    private static Map<String, Object> priceJson(Price price) {
        Map<String, Object> json = new java.util.HashMap<>(Map.of("id", price.id(), "object", "price", "product", price.product(),
                "unit_amount", price.amount(), "currency", price.currency(), "tax_behavior", "inclusive", "active", price.active(),
                "livemode", false, "type", price.interval() == null ? "one_time" : "recurring"));
        if (price.lookupKey() != null) {
            json.put("lookup_key", price.lookupKey());
        }
        if (price.interval() != null) {
            json.put("recurring", Map.of("interval", price.interval(), "interval_count", 1));
        }
        return json;
    }

    private static Map<String, Object> error(String code, String message) {
        return Map.of("error", Map.of("type", "invalid_request_error", "code", code, "message", message));
    }

    /** What Stripe answers for an unknown object: 404 with an {@code invalid_request_error}. */
    static final class UnknownObject extends RuntimeException {
        UnknownObject(String kind, String id) {
            super("No such " + kind + ": " + id);
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(UnknownObject.class)
    public ResponseEntity<Map<String, Object>> unknown(UnknownObject missing) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("resource_missing", missing.getMessage()));
    }

    /** The hosted checkout page, plainly marked as test mode. */
    @GetMapping(path = "/checkout/{id}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> checkoutPage(@PathVariable String id) {
        CheckoutSession session = sessions.get(id);
        if (session == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("<p>Session inconnue.</p>");
        }
        String amount = String.format(Locale.FRANCE, "%d,%02d €", session.amount() / 100, session.amount() % 100);
        return ResponseEntity.ok("""
                <!doctype html><html lang="fr"><meta charset="utf-8"><title>Paiement — MODE TEST</title>
                <body style="font-family:sans-serif;max-width:30em;margin:3em auto">
                <p style="background:#fde68a;padding:.5em"><strong>MODE TEST</strong> — aucun paiement réel n'est effectué.</p>
                <h1>%s</h1><p>Montant : <strong>%s</strong> TTC%s</p>
                <form method="post" action="/checkout/%s/pay"><button>Payer (test)</button></form>
                <p><a href="%s">Annuler</a></p></body></html>"""
                .formatted(HtmlUtils.htmlEscape(session.productName()), amount,
                        "year".equals(session.interval()) ? " par an" : "month".equals(session.interval()) ? " par mois" : "", session.id(), HtmlUtils.htmlEscape(session.cancelUrl())));
    }

    /** "Paying": completes the session, notifies payment-service as Stripe would, then returns to the success page. */
    @PostMapping("/checkout/{id}/pay")
    public Mono<ResponseEntity<Void>> pay(@PathVariable String id) {
        CheckoutSession session = sessions.get(id);
        if (session == null) {
            return Mono.just(ResponseEntity.notFound().build());
        }
        String paymentIntent = session.paymentIntent() != null ? session.paymentIntent()
                : "pi_test_" + UUID.randomUUID().toString().replace("-", "");
        CheckoutSession paid = session.paidWith(paymentIntent);
        sessions.put(id, paid);
        URI back = URI.create(paid.successUrl());
        if ("subscription".equals(paid.mode())) {
            return startSubscription(paid).thenReturn(ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).<Void>build());
        }
        purchaseByPaymentIntent.put(paymentIntent, session.purchaseId());
        amountByPaymentIntent.put(paymentIntent, session.amount());
        Map<String, Object> object = Map.of("id", paid.id(), "object", "checkout.session", "payment_status", "paid",
                "mode", "payment", "payment_intent", paymentIntent, "amount_total", paid.amount(), "metadata", paid.metadata());
        // as Stripe does: the session's completion, and the payment intent's success
        return notify("checkout.session.completed", object)
                .then(notify("payment_intent.succeeded", paymentIntentJson(paymentIntent)))
                .thenReturn(ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).<Void>build());
    }

    /**
     * A paid subscription checkout: the subscription (active, our metadata kept), then what Stripe sends —
     * {@code checkout.session.completed}, {@code customer.subscription.created} and the first {@code invoice.paid}.
     */
    private Mono<Void> startSubscription(CheckoutSession paid) {
        String stripeId = "sub_test_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = Instant.now();
        long periodEnd = ("year".equals(paid.interval()) ? now.atZone(java.time.ZoneOffset.UTC).plusYears(1)
                : now.atZone(java.time.ZoneOffset.UTC).plusMonths(1)).toEpochSecond();
        StripeSubscription subscription = new StripeSubscription(stripeId, paid.customer(), "active", paid.subscriptionId(), periodEnd, null);
        subscriptions.put(stripeId, subscription);
        String invoiceId = "in_test_" + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> invoice = new java.util.HashMap<>(Map.of("id", invoiceId, "object", "invoice",
                "number", "TEST-" + invoiceId.substring(8, 16).toUpperCase(Locale.ROOT), "amount_paid", paid.amount(),
                "currency", paid.currency(), "status", "paid", "hosted_invoice_url", properties.publicUrl() + "/invoices/" + invoiceId,
                "status_transitions", Map.of("paid_at", now.getEpochSecond()),
                "parent", Map.of("type", "subscription_details", "subscription_details", Map.of("subscription", stripeId))));
        if (paid.customer() != null) {
            invoice.put("customer", paid.customer());
        }
        Map<String, Object> completed = new java.util.HashMap<>(Map.of("id", paid.id(), "object", "checkout.session",
                "payment_status", "paid", "mode", "subscription", "subscription", stripeId, "amount_total", paid.amount(),
                "metadata", paid.metadata()));
        return notify("checkout.session.completed", completed)
                .then(notify("customer.subscription.created", subscriptionJson(subscription)))
                .then(notify("invoice.paid", invoice));
    }

    @GetMapping(path = "/v1/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> subscription(@PathVariable String id) {
        StripeSubscription subscription = subscriptions.get(id);
        if (subscription == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("resource_missing", "No such subscription: " + id));
        }
        return ResponseEntity.ok(subscriptionJson(subscription));
    }

    private static Map<String, Object> subscriptionJson(StripeSubscription subscription) {
        Map<String, Object> json = new java.util.HashMap<>(Map.of("id", subscription.id(), "object", "subscription",
                "status", subscription.status(), "livemode", false,
                "metadata", subscription.subscriptionId() == null ? Map.of() : Map.of("subscriptionId", subscription.subscriptionId()),
                "items", Map.of("object", "list", "data", java.util.List.of(Map.of("id", "si_" + subscription.id().substring(4),
                        "object", "subscription_item", "current_period_end", subscription.periodEnd())))));
        if (subscription.customer() != null) {
            json.put("customer", subscription.customer());
        }
        return json;
    }

    /** One customer per idempotency key, as Stripe answers a retried request. */
    @PostMapping(path = "/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> createCustomer(ServerWebExchange exchange,
                                                    @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return exchange.getFormData().map(form -> once("/v1/customers", idempotencyKey, () -> {
            Map<String, Object> customer = new java.util.HashMap<>(Map.of("id", "cus_test_" + UUID.randomUUID().toString().replace("-", ""),
                    "object", "customer", "livemode", false));
            if (form.getFirst("email") != null) {
                customer.put("email", form.getFirst("email"));
            }
            return customer;
        }));
    }

    @PostMapping(path = "/v1/coupons", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> createCoupon(ServerWebExchange exchange,
                                                  @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return exchange.getFormData().map(form -> once("/v1/coupons", idempotencyKey, () -> {
            Map<String, Object> coupon = new java.util.HashMap<>(Map.of("id", "coupon_test_" + UUID.randomUUID().toString().replace("-", ""),
                    "object", "coupon", "duration", form.getFirst("duration"), "valid", true, "livemode", false));
            if (form.getFirst("percent_off") != null) {
                coupon.put("percent_off", Double.parseDouble(form.getFirst("percent_off")));
            }
            if (form.getFirst("amount_off") != null) {
                coupon.put("amount_off", Long.parseLong(form.getFirst("amount_off")));
            }
            return coupon;
        }));
    }

    /** A code is unique among active promotion codes, as at Stripe. */
    @PostMapping(path = "/v1/promotion_codes", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> createPromotionCode(ServerWebExchange exchange,
                                                                         @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return exchange.getFormData().map(form -> {
            Map<String, Object> earlier = idempotencyKey == null ? null : answered.get("/v1/promotion_codes " + idempotencyKey);
            if (earlier != null) {
                return ResponseEntity.ok(earlier);
            }
            String code = form.getFirst("code");
            boolean taken = promotionCodes.entrySet().stream().anyMatch(entry -> entry.getValue().equalsIgnoreCase(code)
                    && promotionCodesActive.getOrDefault(entry.getKey(), false));
            if (taken) {
                return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(error("promotion_code_already_exists",
                        "An active promotion code with `code: " + code + "` already exists."));
            }
            String id = "promo_test_" + UUID.randomUUID().toString().replace("-", "");
            promotionCodes.put(id, code);
            promotionCodesActive.put(id, true);
            Map<String, Object> json = promotionCodeJson(id);
            if (idempotencyKey != null) {
                answered.put("/v1/promotion_codes " + idempotencyKey, json);
            }
            return ResponseEntity.ok(json);
        });
    }

    @PostMapping(path = "/v1/promotion_codes/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> updatePromotionCode(@PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            if (!promotionCodes.containsKey(id)) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error("resource_missing", "No such promotion code: " + id));
            }
            if (form.getFirst("active") != null) {
                promotionCodesActive.put(id, Boolean.parseBoolean(form.getFirst("active")));
            }
            return ResponseEntity.ok(promotionCodeJson(id));
        });
    }

    private Map<String, Object> promotionCodeJson(String id) {
        return Map.of("id", id, "object", "promotion_code", "code", promotionCodes.get(id), "active", promotionCodesActive.get(id),
                "livemode", false);
    }

    private Map<String, Object> once(String path, String idempotencyKey, java.util.function.Supplier<Map<String, Object>> create) {
        if (idempotencyKey == null) {
            return create.get();
        }
        return answered.computeIfAbsent(path + " " + idempotencyKey, key -> create.get());
    }

    private Map<String, Object> paymentIntentJson(String id) {
        return Map.of("id", id, "object", "payment_intent", "status", "succeeded",
                "amount", amountByPaymentIntent.getOrDefault(id, 0L), "currency", "eur",
                "metadata", Map.of("purchaseId", purchaseByPaymentIntent.get(id)));
    }

    @GetMapping(path = "/v1/payment_intents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> paymentIntent(@PathVariable String id) {
        String purchaseId = purchaseByPaymentIntent.get(id);
        if (purchaseId == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                    Map.of("type", "invalid_request_error", "message", "No such payment_intent: " + id)));
        }
        return ResponseEntity.ok(paymentIntentJson(id));
    }

    /** A refund succeeds at once and is announced with {@code charge.refunded}, as Stripe does. */
    @PostMapping(path = "/v1/refunds", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Map<String, Object>> refund(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String paymentIntent = form.getFirst("payment_intent");
            long amount = Long.parseLong(form.getFirst("amount"));
            long total = refundedByPaymentIntent.merge(paymentIntent, amount, Long::sum);
            Map<String, Object> charge = Map.of("id", "ch_test_" + paymentIntent, "object", "charge",
                    "amount", amountByPaymentIntent.getOrDefault(paymentIntent, total), "amount_refunded", total,
                    "payment_intent", paymentIntent);
            Map<String, Object> refund = Map.of("id", "re_test_" + UUID.randomUUID().toString().replace("-", ""),
                    "object", "refund", "status", "succeeded", "amount", amount, "payment_intent", paymentIntent);
            return notify("charge.refunded", charge).thenReturn(refund);
        });
    }

    private Mono<Void> notify(String type, Map<String, Object> object) {
        String payload = tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(Map.of(
                "id", "evt_test_" + UUID.randomUUID().toString().replace("-", ""), "object", "event",
                "api_version", "2025-01-01", "created", Instant.now().getEpochSecond(), "livemode", false,
                "type", type, "data", Map.of("object", object)));
        long timestamp = Instant.now().getEpochSecond();
        return webhooks.post().uri(properties.webhookUrl())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Stripe-Signature", "t=" + timestamp + ",v1=" + hmac(timestamp + "." + payload))
                .bodyValue(payload)
                .retrieve()
                .toBodilessEntity()
                .doOnNext(answer -> log.info("TEST MODE: {} delivered, {}", type, answer.getStatusCode()))
                .onErrorResume(error -> {
                    log.warn("TEST MODE: {} not delivered to {}: {}", type, properties.webhookUrl(), error.toString());
                    return Mono.empty();
                })
                .then();
    }

    private String hmac(String signedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.webhookSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
