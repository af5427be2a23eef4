package fr.mecaformation.payment;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.stripe.Stripe;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import com.stripe.net.Webhook;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.events.gamification.RewardEvents;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.DisputeOpened;
import fr.mecaformation.events.payment.PaymentSucceeded;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.RefundIssued;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * payment-service against real PostgreSQL and Kafka, with Stripe's API played by WireMock (stripe-java talks to it
 * with its API base overridden) and webhooks signed as Stripe signs them.
 */
@SpringBootTest
class PaymentApiIT {

    static final String WEBHOOK_SECRET = "whsec_test_meca";
    static final WireMockServer STRIPE = new WireMockServer(options().dynamicPort());

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> purchaseTopic;
    static KafkaConsumer<String, byte[]> subscriptionTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "payment-service");
        STRIPE.start();
        registry.add("meca.payment.stripe.api-base", STRIPE::baseUrl);
        registry.add("meca.payment.stripe.secret-key", () -> "sk_test_meca");
        registry.add("meca.payment.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("meca.payment.stripe.timeout", () -> "2s");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeAll
    static void readTopic() {
        purchaseTopic = KafkaSupport.consumerFromBeginning(PurchaseEvents.TOPIC);
        subscriptionTopic = KafkaSupport.consumerFromBeginning(SubscriptionEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        purchaseTopic.close();
        subscriptionTopic.close();
        STRIPE.stop();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(30)).build();
        STRIPE.resetAll();
        STRIPE.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"cs_test_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"checkout.session\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test\",\"payment_status\":\"unpaid\"}")
                .withTransformers("response-template")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/products")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"prod_test\",\"object\":\"product\"}")));
        STRIPE.stubFor(post(urlPathMatching("/v1/products/.+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"prod_test\",\"object\":\"product\"}")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/prices")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"price_test_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"price\"}")
                .withTransformers("response-template")));
        STRIPE.stubFor(post(urlPathMatching("/v1/prices/.+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"price_old\",\"object\":\"price\",\"active\":false}")));
    }

    /** A form field as stripe-java sends it (brackets percent-encoded or not). */
    static com.github.tomakehurst.wiremock.matching.StringValuePattern field(String name, String value) {
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8) + "="
                + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
        return containing(encoded).or(containing(name + "=" + value));
    }

    @Test
    void checkout_charges_the_catalog_price_once_per_request_and_refuses_what_can_not_be_bought() {
        UUID course = offer("Diagnostic ABS et ESP", 49000, true);
        String learner = UUID.randomUUID().toString();

        Map<?, ?> purchase = asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course)).exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(purchase.get("checkoutUrl")).isEqualTo("https://checkout.stripe.com/c/pay/cs_test");
        assertThat(purchase.get("amount")).isEqualTo(490.0);
        // the course is a Stripe product with a price, EUR and VAT included; the session charges that price
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/prices"))
                .withRequestBody(field("product", "meca_course_" + course)).withRequestBody(field("unit_amount", "49000"))
                .withRequestBody(field("currency", "eur")).withRequestBody(field("tax_behavior", "inclusive"))
                .withRequestBody(field("lookup_key", "course:" + course)));
        String priceId = database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'course:" + course + "'");
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
                .withHeader("Idempotency-Key", equalTo("checkout-" + purchase.get("purchaseId")))
                .withRequestBody(field("line_items[0][price]", priceId))
                .withRequestBody(containing(purchase.get("purchaseId").toString())));
        assertThat(STRIPE.findAll(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))).get(0).getBodyAsString())
                .as("no inline price a tampered request could change").doesNotContain("price_data");

        // the catalog lowers the price: a new Stripe price, the old one deactivated, the next checkout at the new price
        publish(course, "Diagnostic ABS et ESP", 39000, true, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> !priceId.equals(
                database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'course:" + course + "'")));
        String newPrice = database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'course:" + course + "'");
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/prices")).withRequestBody(field("unit_amount", "39000"))
                .withHeader("Idempotency-Key", equalTo("price-course:" + course + "-39000-after-" + priceId)));
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/prices/" + priceId)).withRequestBody(field("active", "false")));
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/products")));
        Map<?, ?> cheaper = asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(cheaper.get("amount")).isEqualTo(390.0);
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")).withRequestBody(field("line_items[0][price]", newPrice)));

        // the client never sets the price, nor buys free, unknown or unpublished courses
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course, "amount", 1)).exchange().expectStatus().isBadRequest();
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", offer("Initiation gratuite", 0, true))).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", UUID.randomUUID())).exchange().expectStatus().isNotFound();
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", offer("Brouillon", 9900, false))).exchange().expectStatus().isNotFound();
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"courseId\":\"pas-un-uuid\"}").exchange().expectStatus().isBadRequest();
    }

    @Test
    void a_paid_checkout_replayed_and_raced_grants_once_and_the_course_can_not_be_bought_again() throws Exception {
        UUID course = offer("Climatisation automobile", 39000, true);
        String learner = UUID.randomUUID().toString();
        String purchaseId = checkout(learner, course);
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_test_1\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\"pi_"
                        + purchaseId.substring(0, 8) + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");

        for (int delivery = 0; delivery < 5; delivery++) {
            webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();
        }
        CompletableFuture<?>[] racing = new CompletableFuture<?>[2];
        for (int i = 0; i < racing.length; i++) {
            racing[i] = CompletableFuture.runAsync(() -> webhook(completed, signature(completed, Instant.now())).expectStatus().isOk());
        }
        CompletableFuture.allOf(racing).get();

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(purchaseTopic,
                record -> purchaseId.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(KafkaSupport.header(events.get(0), "ce_type")).isEqualTo(EventCatalog.of(PaymentSucceeded.class).type());
        assertThat(EventSchemas.violations(EventCatalog.of(PaymentSucceeded.class), events.get(0).value())).isEmpty();
        PaymentSucceeded paid = EventJson.read(events.get(0).value(), PaymentSucceeded.class);
        assertThat(paid.courseIds()).containsExactly(course);
        assertThat(paid.amountCents()).isEqualTo(39000);
        assertThat(OutboxRows.countOnTopic(database, PurchaseEvents.TOPIC, purchaseId)).as("no second PaymentSucceeded").isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = 'stripe-webhook' AND event_id = '"
                + completed.substring(7, completed.indexOf('"', 7)) + "'")).isEqualTo(1);

        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("possédez déjà"));

        // the receipt: to its learner only, with the VAT shown
        byte[] receipt = asLearner(learner).get().uri("/api/payments/purchases/{id}/receipt", purchaseId).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument pdf = Loader.loadPDF(receipt)) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Climatisation automobile", "Montant HT : 325,00 €",
                    "TVA 20 % : 65,00 €", "Montant TTC payé : 390,00 €");
        }
        asLearner(UUID.randomUUID().toString()).get().uri("/api/payments/purchases/{id}/receipt", purchaseId).exchange()
                .expectStatus().isNotFound();
        asLearner(learner).get().uri("/api/payments/purchases/{id}/receipt", checkout(learner, offer("Autre formation", 1000, true)))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);

        // a full refund takes the course back
        String refunded = event("evt_" + UUID.randomUUID(), "charge.refunded", "{\"id\":\"ch_1\",\"object\":\"charge\",\"amount\":39000,"
                + "\"amount_refunded\":39000,\"payment_intent\":\"pi_" + purchaseId.substring(0, 8) + "\"}");
        webhook(refunded, signature(refunded, Instant.now())).expectStatus().isOk();
        ConsumerRecord<String, byte[]> refund = KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0);
        assertThat(KafkaSupport.header(refund, "ce_type")).isEqualTo(EventCatalog.of(RefundIssued.class).type());
        assertThat(EventJson.read(refund.value(), RefundIssued.class).fullRefund()).isTrue();
    }

    @Test
    void forged_stale_or_missing_signatures_are_400_and_change_nothing_unknown_types_are_acknowledged() {
        UUID course = offer("Transmission : embrayage", 29000, true);
        String purchaseId = checkout(UUID.randomUUID().toString(), course);
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_test_2\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\"pi_x\","
                        + "\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");

        webhook(completed, "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64)).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        webhook(completed, signature(completed, Instant.now().minusSeconds(301))).expectStatus().isBadRequest();
        webhook(completed, null).expectStatus().isBadRequest();
        webhook(completed.replace("\"paid\"", "\"PAID\""), signature(completed, Instant.now())).expectStatus().isBadRequest();
        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + purchaseId + "'")).isEqualTo("PENDING");

        String unknown = event("evt_" + UUID.randomUUID(), "customer.tax_id.created", "{\"id\":\"txi_1\",\"object\":\"tax_id\"}");
        webhook(unknown, signature(unknown, Instant.now())).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(false);
        webhook("x".repeat(2_000_000), signature("x", Instant.now())).expectStatus().is4xxClientError();
    }

    @Test
    void a_refund_seen_before_the_checkouts_completion_leaves_the_purchase_refunded_and_grants_nothing() {
        UUID course = offer("Liaison au sol : géométrie", 45000, true);
        String purchaseId = checkout(UUID.randomUUID().toString(), course);
        String paymentIntent = "pi_early_" + purchaseId.substring(0, 8);
        // Stripe is asked which purchase the payment intent belongs to (its metadata), since we don't know it yet
        STRIPE.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + paymentIntent)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + paymentIntent + "\",\"object\":\"payment_intent\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}")));

        String refunded = event("evt_" + UUID.randomUUID(), "charge.refunded", "{\"id\":\"ch_2\",\"object\":\"charge\",\"amount\":45000,"
                + "\"amount_refunded\":45000,\"payment_intent\":\"" + paymentIntent + "\"}");
        webhook(refunded, signature(refunded, Instant.now())).expectStatus().isOk();
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_test_3\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\""
                        + paymentIntent + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");
        webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();

        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + purchaseId + "'")).isEqualTo("REFUNDED");
        assertThat(OutboxRows.countOnTopic(database, PurchaseEvents.TOPIC, purchaseId))
                .as("no PaymentSucceeded, no RefundIssued: access was never granted").isZero();
    }

    @Test
    void an_admin_refunds_part_of_a_purchase_through_stripe_and_the_confirmation_announces_it_a_dispute_is_announced_too() {
        UUID course = offer("Véhicules électriques : habilitation B1VL", 89000, true);
        String learner = UUID.randomUUID().toString();
        String purchaseId = checkout(learner, course);
        String paymentIntent = "pi_adm_" + purchaseId.substring(0, 8);
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_test_4\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\""
                        + paymentIntent + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");
        webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();
        KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1, Duration.ofSeconds(20));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"re_test_1\",\"object\":\"refund\",\"status\":\"succeeded\",\"amount\":10000}")));
        UUID requestId = UUID.randomUUID();

        for (Map<String, Object> refused : List.of(Map.<String, Object>of("amount", 890.01, "reason", "REQUESTED_BY_CUSTOMER"),
                Map.<String, Object>of("amount", -5, "reason", "REQUESTED_BY_CUSTOMER"), Map.<String, Object>of("amount", 100, "reason", "CAPRICE"))) {
            asAdmin().post().uri("/api/payments/admin/purchases/{id}/refunds", purchaseId).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(refused).exchange().expectStatus().isBadRequest();
        }
        asLearner(learner).post().uri("/api/payments/admin/purchases/{id}/refunds", purchaseId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", 100, "reason", "REQUESTED_BY_CUSTOMER")).exchange().expectStatus().isForbidden();
        STRIPE.verify(0, postRequestedFor(urlPathEqualTo("/v1/refunds")));

        asAdmin().post().uri("/api/payments/admin/purchases/{id}/refunds", purchaseId).contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", requestId.toString())
                .bodyValue(Map.of("amount", 100, "reason", "REQUESTED_BY_CUSTOMER", "note", "Geste commercial : vidéo 3 illisible"))
                .exchange().expectStatus().isAccepted().expectBody().jsonPath("$.stripeRefundId").isEqualTo("re_test_1");
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + requestId))
                .withRequestBody(containing("amount=10000")).withRequestBody(containing("payment_intent=" + paymentIntent)));
        assertThat(database.count("SELECT count(*) FROM refund_request WHERE purchase_id = '" + purchaseId + "'")).isEqualTo(1);

        String refunded = event("evt_" + UUID.randomUUID(), "charge.refunded", "{\"id\":\"ch_4\",\"object\":\"charge\",\"amount\":89000,"
                + "\"amount_refunded\":10000,\"payment_intent\":\"" + paymentIntent + "\"}");
        webhook(refunded, signature(refunded, Instant.now())).expectStatus().isOk();
        ConsumerRecord<String, byte[]> partial = KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0);
        RefundIssued issued = EventJson.read(partial.value(), RefundIssued.class);
        assertThat(issued.fullRefund()).isFalse();
        assertThat(issued.amountCents()).isEqualTo(10000);
        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + purchaseId + "'")).isEqualTo("PARTIALLY_REFUNDED");

        String disputed = event("evt_" + UUID.randomUUID(), "charge.dispute.created", "{\"id\":\"dp_1\",\"object\":\"dispute\","
                + "\"amount\":79000,\"reason\":\"fraudulent\",\"payment_intent\":\"" + paymentIntent + "\"}");
        webhook(disputed, signature(disputed, Instant.now())).expectStatus().isOk();
        ConsumerRecord<String, byte[]> dispute = KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0);
        assertThat(KafkaSupport.header(dispute, "ce_type")).isEqualTo(EventCatalog.of(DisputeOpened.class).type());
        assertThat(EventSchemas.violations(EventCatalog.of(DisputeOpened.class), dispute.value())).isEmpty();

        // this month's revenue counts the payment and the refund (other tests of this class add theirs)
        String month = java.time.YearMonth.now(java.time.ZoneId.of("Europe/Paris")).toString();
        Map<?, ?> revenue = asAdmin().get().uri("/api/payments/admin/revenue?from={m}&to={m}", month, month).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<?, ?> thisMonth = (Map<?, ?>) ((List<?>) revenue.get("months")).get(0);
        assertThat(((Number) thisMonth.get("gross")).doubleValue()).isGreaterThanOrEqualTo(890.0);
        assertThat(((Number) thisMonth.get("refunds")).doubleValue()).isGreaterThanOrEqualTo(100.0);
        assertThat(((Number) thisMonth.get("net")).doubleValue()).isEqualTo(((Number) thisMonth.get("gross")).doubleValue()
                - ((Number) thisMonth.get("refunds")).doubleValue());
        asLearner(learner).get().uri("/api/payments/admin/revenue?from={m}&to={m}", month, month).exchange().expectStatus().isForbidden();
        asAdmin().get().uri("/api/payments/admin/revenue?from=2026-12&to=2026-01").exchange().expectStatus().isBadRequest();
        asAdmin().get().uri("/api/payments/admin/revenue?from=2020-01&to=2026-01").exchange().expectStatus().isBadRequest();
        asAdmin().get().uri("/api/payments/admin/revenue?from=janvier&to=2026-01").exchange().expectStatus().isBadRequest();
    }

    @Test
    void a_refused_card_shows_the_learner_why_keeps_the_checkout_payable_and_the_later_success_grants_once_whatever_the_order() {
        UUID course = offer("Injection diesel common rail", 52000, true);
        String learner = UUID.randomUUID().toString();
        String purchaseId = checkout(learner, course);
        String paymentIntent = "pi_fail_" + purchaseId.substring(0, 8);

        // the payload says "failed", and Stripe, asked, says it waits for another card
        paymentIntentAtStripe(paymentIntent, purchaseId, "requires_payment_method", "Votre carte a été refusée.");
        String failed = event("evt_" + UUID.randomUUID(), "payment_intent.payment_failed", paymentIntentJson(paymentIntent, purchaseId,
                "requires_payment_method"));
        webhook(failed, signature(failed, Instant.now())).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(true);
        asLearner(learner).get().uri("/api/payments/purchases").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].purchaseId").isEqualTo(purchaseId)
                .jsonPath("$[0].status").isEqualTo("FAILED")
                .jsonPath("$[0].failureReason").isEqualTo("Votre carte a été refusée.")
                .jsonPath("$[0].checkoutUrl").isEqualTo("https://checkout.stripe.com/c/pay/cs_test");
        assertThat(checkout(learner, course)).as("the same checkout page, to try another card").isEqualTo(purchaseId);

        // the second card works: payment_intent.succeeded comes first and completes the purchase
        paymentIntentAtStripe(paymentIntent, purchaseId, "succeeded", null);
        String succeeded = event("evt_" + UUID.randomUUID(), "payment_intent.succeeded", paymentIntentJson(paymentIntent, purchaseId,
                "succeeded"));
        for (int delivery = 0; delivery < 3; delivery++) {
            webhook(succeeded, signature(succeeded, Instant.now())).expectStatus().isOk();
        }
        // then the completion, and the first failure delivered again late: neither changes anything
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_test_pi\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\""
                        + paymentIntent + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");
        webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();
        String failedAgain = event("evt_" + UUID.randomUUID(), "payment_intent.payment_failed", paymentIntentJson(paymentIntent, purchaseId,
                "requires_payment_method"));
        webhook(failedAgain, signature(failedAgain, Instant.now())).expectStatus().isOk();

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(purchaseTopic,
                record -> purchaseId.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(KafkaSupport.header(events.get(0), "ce_type")).isEqualTo(EventCatalog.of(PaymentSucceeded.class).type());
        assertThat(OutboxRows.countOnTopic(database, PurchaseEvents.TOPIC, purchaseId)).as("one PaymentSucceeded").isEqualTo(1);
        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + purchaseId + "'")).isEqualTo("PAID");
        asLearner(learner).get().uri("/api/payments/purchases").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].status").isEqualTo("PAID").jsonPath("$[0].failureReason").doesNotExist();

        // a subscription's invoice payment has no purchase of ours: acknowledged, nothing applied
        String renewal = event("evt_" + UUID.randomUUID(), "payment_intent.succeeded",
                "{\"id\":\"pi_sub_1\",\"object\":\"payment_intent\",\"status\":\"succeeded\",\"metadata\":{}}");
        webhook(renewal, signature(renewal, Instant.now())).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(false);
    }

    private static String paymentIntentJson(String id, String purchaseId, String status) {
        return "{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"status\":\"" + status + "\",\"metadata\":{\"purchaseId\":\""
                + purchaseId + "\"}}";
    }

    private void paymentIntentAtStripe(String id, String purchaseId, String status, String failure) {
        STRIPE.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + id)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + id + "\",\"object\":\"payment_intent\",\"status\":\"" + status + "\",\"metadata\":{\"purchaseId\":\""
                        + purchaseId + "\"}" + (failure == null ? "" : ",\"last_payment_error\":{\"type\":\"card_error\",\"message\":\""
                        + failure + "\"}") + "}")));
    }

    @Test
    void an_admin_bundles_published_courses_a_learner_buys_the_bundle_once_and_gets_every_course_of_it() {
        UUID brakes = offer("Freinage : disques et plaquettes", 39000, true);
        UUID steering = offer("Direction assistée électrique", 29000, true);
        Map<String, Object> bundle = Map.of("title", "Pack liaison au sol", "courseIds", List.of(brakes, steering), "price", 550);

        // only admins make bundles, and only of published paid courses, for less than the courses cost apart
        asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/admin/bundles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(bundle).exchange().expectStatus().isForbidden();
        asAdmin().post().uri("/api/payments/admin/bundles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Pack inconnu", "courseIds", List.of(brakes, UUID.randomUUID()), "price", 100)).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Un pack ne réunit que des formations payantes publiées.")
                .jsonPath("$.errors[0].field").isEqualTo("courseIds");
        asAdmin().post().uri("/api/payments/admin/bundles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "Pack trop cher", "courseIds", List.of(brakes, steering), "price", 680)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(detail ->
                        assertThat((String) detail).contains("inférieur à la somme des formations (680,00 €)"));
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("title", "Seul", "courseIds", List.of(brakes), "price", 100),
                Map.<String, Object>of("title", "Négatif", "courseIds", List.of(brakes, steering), "price", -5),
                Map.<String, Object>of("title", "Doublon", "courseIds", List.of(brakes, brakes), "price", 100))) {
            asAdmin().post().uri("/api/payments/admin/bundles").contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(database.count("SELECT count(*) FROM bundle WHERE title <> 'Pack liaison au sol'")).as("nothing made").isZero();
        String bundleId = (String) asAdmin().post().uri("/api/payments/admin/bundles").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(bundle).exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("bundleId");
        asLearner(UUID.randomUUID().toString()).get().uri("/api/payments/bundles").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.bundleId == '" + bundleId + "')].price").isEqualTo(550.0);

        // a learner who owns one of its courses may still buy it; the bundle is a Stripe product with its own price
        String learner = UUID.randomUUID().toString();
        pay(checkout(learner, brakes));
        Map<?, ?> started = asLearner(learner).post().uri("/api/payments/bundles/{id}/checkout", bundleId).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(started.get("kind")).isEqualTo("BUNDLE");
        assertThat(started.get("amount")).isEqualTo(550.0);
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/prices")).withRequestBody(field("lookup_key", "bundle:" + bundleId))
                .withRequestBody(field("unit_amount", "55000")).withRequestBody(field("tax_behavior", "inclusive")));
        String purchaseId = (String) started.get("purchaseId");
        pay(purchaseId);
        PaymentSucceeded paid = EventJson.read(KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0).value(), PaymentSucceeded.class);
        assertThat(paid.courseIds()).as("every course of the bundle, for catalog-service to grant").containsExactlyInAnyOrder(brakes, steering);
        assertThat(paid.amountCents()).isEqualTo(55000);

        // now it would bring nothing: refused, and so is a course of it bought alone
        asLearner(learner).post().uri("/api/payments/bundles/{id}/checkout", bundleId).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Vous possédez déjà toutes les formations du pack « Pack liaison au sol » :"
                        + " il ne vous apporterait rien.");
        asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", steering)).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);

        // off sale: no longer listed nor sold
        asLearner(learner).delete().uri("/api/payments/admin/bundles/{id}", bundleId).exchange().expectStatus().isForbidden();
        asAdmin().delete().uri("/api/payments/admin/bundles/{id}", bundleId).exchange().expectStatus().isNoContent();
        asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/bundles/{id}/checkout", bundleId).exchange()
                .expectStatus().isNotFound();
        asLearner(learner).get().uri("/api/payments/bundles").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.bundleId == '" + bundleId + "')]").isEmpty();
    }

    @Test
    void a_paid_coaching_hour_is_announced_as_coaching_not_as_a_course_payment_and_can_be_bought_again() {
        String learner = UUID.randomUUID().toString();
        Map<?, ?> started = asLearner(learner).post().uri("/api/payments/coaching/checkout").exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(started.get("kind")).isEqualTo("COACHING");
        assertThat(started.get("amount")).isEqualTo(90.0);
        assertThat(started.get("courseId")).isNull();
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/prices")).withRequestBody(field("lookup_key", "coaching"))
                .withRequestBody(field("unit_amount", "9000")));
        String purchaseId = (String) started.get("purchaseId");
        pay(purchaseId);

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20));
        assertThat(KafkaSupport.header(events.get(0), "ce_type")).as("not a PaymentSucceeded: it grants no course")
                .isEqualTo(EventCatalog.of(CoachingHourPurchased.class).type());
        assertThat(EventSchemas.violations(EventCatalog.of(CoachingHourPurchased.class), events.get(0).value())).isEmpty();
        assertThat(EventJson.read(events.get(0).value(), CoachingHourPurchased.class).hours()).isEqualTo(1);
        byte[] receipt = asLearner(learner).get().uri("/api/payments/purchases/{id}/receipt", purchaseId).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument pdf = Loader.loadPDF(receipt)) {
            assertThat(new PDFTextStripper().getText(pdf)).contains("Heure de coaching", "Montant TTC payé : 90,00 €");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<?, ?> again = asLearner(learner).post().uri("/api/payments/coaching/checkout").exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(again.get("purchaseId")).as("a second hour").isNotEqualTo(purchaseId);
    }

    /** Stripe's notification that the purchase's checkout was paid. */
    private void pay(String purchaseId) {
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_" + purchaseId.substring(0, 8) + "\",\"object\":\"checkout.session\",\"payment_status\":\"paid\","
                        + "\"payment_intent\":\"pi_" + purchaseId.substring(0, 13) + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");
        webhook(completed, signature(completed, Instant.now())).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(true);
    }

    @Test
    void an_admin_makes_a_discount_code_through_stripe_bad_ones_are_refused_in_french_and_a_discounted_payment_records_what_was_paid() {
        STRIPE.stubFor(post(urlPathEqualTo("/v1/coupons")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"coupon_admin_1\",\"object\":\"coupon\"}")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/promotion_codes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"promo_admin_1\",\"object\":\"promotion_code\"}")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/promotion_codes/promo_admin_1")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"promo_admin_1\",\"object\":\"promotion_code\",\"active\":false}")));
        String code = "RENTREE-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        long expires = Instant.now().plus(Duration.ofDays(30)).getEpochSecond();
        Map<String, Object> coupon = Map.of("code", code, "name", "Rentrée des apprentis", "percentOff", 20, "duration", "ONCE",
                "expiresAt", Instant.ofEpochSecond(expires).toString(), "maxRedemptions", 100);

        asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(coupon).exchange().expectStatus().isForbidden();
        asLearner(UUID.randomUUID().toString()).get().uri("/api/payments/admin/coupons").exchange().expectStatus().isForbidden();
        // bad input: a problem in French naming the field, and nothing made at Stripe or here
        asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code, "percentOff", 20, "amountOff", 10, "duration", "ONCE")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("Code de réduction invalide : indiquez soit un pourcentage, soit un montant de réduction.")
                .jsonPath("$.errors[0].field").isEqualTo("percentOff");
        asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code, "percentOff", 20, "duration", "REPEATING")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("durationMonths");
        asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code, "percentOff", 20, "duration", "ONCE", "expiresAt", "2020-01-01T00:00:00Z")).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("expiresAt");
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("code", "a b", "percentOff", 20, "duration", "ONCE"),
                Map.<String, Object>of("code", code, "percentOff", 150, "duration", "ONCE"),
                Map.<String, Object>of("code", code, "amountOff", -10, "duration", "ONCE"),
                Map.<String, Object>of("code", code, "percentOff", 20, "duration", "ALWAYS"),
                Map.<String, Object>of("code", code, "percentOff", 20, "duration", "ONCE", "maxRedemptions", 0))) {
            asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        STRIPE.verify(0, postRequestedFor(urlPathEqualTo("/v1/coupons")));
        assertThat(database.count("SELECT count(*) FROM coupon WHERE code = '" + code + "'")).isZero();

        UUID requestId = UUID.randomUUID();
        for (int attempt = 0; attempt < 2; attempt++) {
            asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON)
                    .header("Idempotency-Key", requestId.toString()).bodyValue(coupon).exchange()
                    .expectStatus().isCreated().expectBody().jsonPath("$.couponId").isEqualTo(requestId.toString())
                    .jsonPath("$.code").isEqualTo(code).jsonPath("$.active").isEqualTo(true);
        }
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/coupons")).withHeader("Idempotency-Key", equalTo("admin-coupon-" + requestId))
                .withRequestBody(field("percent_off", "20")).withRequestBody(field("duration", "once"))
                .withRequestBody(field("redeem_by", String.valueOf(expires))));
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/promotion_codes"))
                .withRequestBody(field("code", code)).withRequestBody(field("promotion[coupon]", "coupon_admin_1"))
                .withRequestBody(field("max_redemptions", "100")).withRequestBody(field("expires_at", String.valueOf(expires))));
        asAdmin().post().uri("/api/payments/admin/coupons").contentType(MediaType.APPLICATION_JSON).bodyValue(coupon).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.detail").isEqualTo("Le code « " + code + " » existe déjà.");

        // a learner pays with it: the purchase and PaymentSucceeded carry what Stripe charged
        UUID course = offer("Électricité : multiplexage CAN", 49000, true);
        String learner = UUID.randomUUID().toString();
        String purchaseId = checkout(learner, course);
        String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                "{\"id\":\"cs_disc\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"amount_total\":39200,"
                        + "\"payment_intent\":\"pi_disc_" + purchaseId.substring(0, 8) + "\",\"metadata\":{\"purchaseId\":\"" + purchaseId + "\"}}");
        webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();
        PaymentSucceeded paid = EventJson.read(KafkaSupport.awaitRecords(purchaseTopic, record -> purchaseId.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0).value(), PaymentSucceeded.class);
        assertThat(paid.amountCents()).isEqualTo(39200);
        asLearner(learner).get().uri("/api/payments/purchases").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].amount").isEqualTo(392.0);

        // listed, then deactivated at Stripe and here
        asAdmin().get().uri("/api/payments/admin/coupons").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.code == '" + code + "')].percentOff").isEqualTo(20);
        asAdmin().delete().uri("/api/payments/admin/coupons/{id}", requestId).exchange().expectStatus().isNoContent();
        asAdmin().delete().uri("/api/payments/admin/coupons/{id}", requestId).exchange().expectStatus().isNoContent();
        asAdmin().delete().uri("/api/payments/admin/coupons/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/promotion_codes/promo_admin_1")).withRequestBody(field("active", "false")));
        asAdmin().get().uri("/api/payments/admin/coupons").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.code == '" + code + "')].active").isEqualTo(false);
    }

    @Test
    void a_second_checkout_offers_the_open_one_again_and_a_course_paid_twice_is_refunded_at_once() {
        UUID course = offer("Boîte de vitesses robotisée", 39000, true);
        String learner = UUID.randomUUID().toString();
        String first = checkout(learner, course);
        assertThat(checkout(learner, course)).as("the open checkout again").isEqualTo(first);
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));

        // an older session still payable in another tab: a new checkout is made, and both get paid
        database.execute("UPDATE purchase SET created_at = now() - interval '2 days' WHERE id = '" + first + "'");
        String second = checkout(learner, course);
        assertThat(second).isNotEqualTo(first);
        STRIPE.stubFor(post(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"re_dup\",\"object\":\"refund\",\"status\":\"succeeded\"}")));
        for (String purchase : List.of(first, second)) {
            String completed = event("evt_" + UUID.randomUUID(), "checkout.session.completed",
                    "{\"id\":\"cs_x\",\"object\":\"checkout.session\",\"payment_status\":\"paid\",\"payment_intent\":\"pi_"
                            + purchase.substring(0, 8) + "\",\"metadata\":{\"purchaseId\":\"" + purchase + "\"}}");
            webhook(completed, signature(completed, Instant.now())).expectStatus().isOk();
        }
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withHeader("Idempotency-Key", equalTo("refund-" + second))
                .withRequestBody(containing("payment_intent=pi_" + second.substring(0, 8))).withRequestBody(containing("amount=39000")));
        String refunded = event("evt_" + UUID.randomUUID(), "charge.refunded", "{\"id\":\"ch_dup\",\"object\":\"charge\",\"amount\":39000,"
                + "\"amount_refunded\":39000,\"payment_intent\":\"pi_" + second.substring(0, 8) + "\"}");
        webhook(refunded, signature(refunded, Instant.now())).expectStatus().isOk();

        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + first + "'")).isEqualTo("PAID");
        assertThat(database.scalar("SELECT status FROM purchase WHERE id = '" + second + "'")).isEqualTo("REFUNDED");
        assertThat(OutboxRows.countOnTopic(database, PurchaseEvents.TOPIC, second)).as("the second payment never granted anything").isZero();
    }

    @Test
    void a_subscription_follows_stripes_current_state_whatever_order_its_notifications_come_in_and_each_change_is_announced_once() {
        String learner = UUID.randomUUID().toString();
        STRIPE.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cus_test_1\",\"object\":\"customer\"}")));
        asLearner(learner).post().uri("/api/payments/subscriptions/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("plan", "WEEKLY")).exchange().expectStatus().isBadRequest();
        Map<?, ?> started = asLearner(learner).post().uri("/api/payments/subscriptions/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("plan", "MONTHLY")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(started.get("amount")).isEqualTo(29.0);
        assertThat(started.get("checkoutUrl")).isEqualTo("https://checkout.stripe.com/c/pay/cs_test");
        String subscription = (String) started.get("subscriptionId");
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/customers")).withHeader("Idempotency-Key", equalTo("customer-" + learner)));
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")).withRequestBody(containing("mode=subscription"))
                .withRequestBody(containing("customer=cus_test_1")).withRequestBody(field("line_items[0][price]",
                        database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'plan:MONTHLY'"))));
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/prices")).withRequestBody(field("unit_amount", "2900"))
                .withRequestBody(field("recurring[interval]", "month")).withRequestBody(field("tax_behavior", "inclusive")));
        asLearner(learner).post().uri("/api/payments/subscriptions/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("plan", "YEARLY")).exchange().expectStatus().isCreated();
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/customers")));

        // "created" arrives with a stale state (incomplete); the subscription read back from Stripe is active
        stripeSubscription("sub_test_1", "active", subscription);
        subscriptionNotification("customer.subscription.created", "sub_test_1", "incomplete");
        ConsumerRecord<String, byte[]> activated = KafkaSupport.awaitRecords(subscriptionTopic, record -> learner.equals(record.key()), 1,
                Duration.ofSeconds(20)).get(0);
        assertThat(KafkaSupport.header(activated, "ce_type")).isEqualTo(EventCatalog.of(SubscriptionActivated.class).type());
        assertThat(EventSchemas.violations(EventCatalog.of(SubscriptionActivated.class), activated.value())).isEmpty();
        asLearner(learner).post().uri("/api/payments/subscriptions/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("plan", "YEARLY")).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);

        String month = java.time.YearMonth.now(java.time.ZoneId.of("Europe/Paris")).toString();
        Map<?, ?> running = (Map<?, ?>) ((List<?>) asAdmin().get().uri("/api/payments/admin/revenue?from={m}&to={m}", month, month)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("months")).get(0);
        assertThat(((Number) running.get("mrr")).doubleValue()).isGreaterThanOrEqualTo(29.0);
        assertThat(((Number) running.get("newSubscriptions")).longValue()).isGreaterThanOrEqualTo(1);

        // a renewal fails: the invoice notification makes the service read the subscription back (past due)
        stripeSubscription("sub_test_1", "past_due", subscription);
        String failedRenewal = event("evt_" + UUID.randomUUID(), "invoice.payment_failed", "{\"id\":\"in_1\",\"object\":\"invoice\","
                + "\"parent\":{\"type\":\"subscription_details\",\"subscription_details\":{\"subscription\":\"sub_test_1\"}}}");
        webhook(failedRenewal, signature(failedRenewal, Instant.now())).expectStatus().isOk();
        stripeSubscription("sub_test_1", "canceled", subscription);
        String deleted = subscriptionNotification("customer.subscription.deleted", "sub_test_1", "canceled");
        webhook(deleted, signature(deleted, Instant.now())).expectStatus().isOk();
        // a late "updated" saying active does not revive it: Stripe says it is cancelled
        subscriptionNotification("customer.subscription.updated", "sub_test_1", "active");

        // the webhooks answered after their effect committed: what they published is in the outbox, in order
        assertThat(OutboxRows.types(database, SubscriptionEvents.TOPIC, learner)).containsExactly(
                EventCatalog.of(SubscriptionActivated.class).type(), EventCatalog.of(SubscriptionPastDue.class).type(),
                EventCatalog.of(SubscriptionCancelled.class).type());
        List<ConsumerRecord<String, byte[]>> later = KafkaSupport.awaitRecords(subscriptionTopic, record -> learner.equals(record.key()),
                2, Duration.ofSeconds(20));
        assertThat(later).extracting(record -> KafkaSupport.header(record, "ce_type")).containsExactly(
                EventCatalog.of(SubscriptionPastDue.class).type(), EventCatalog.of(SubscriptionCancelled.class).type());
        assertThat(database.scalar("SELECT status FROM subscription WHERE id = '" + subscription + "'")).isEqualTo("CANCELLED");
        Map<?, ?> ended = (Map<?, ?>) ((List<?>) asAdmin().get().uri("/api/payments/admin/revenue?from={m}&to={m}", month, month)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("months")).get(0);
        assertThat(((Number) ended.get("churnedSubscriptions")).longValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_learner_lists_and_downloads_their_receipts_and_paid_subscription_invoices_and_no_one_else_can() throws Exception {
        String learner = UUID.randomUUID().toString();
        STRIPE.stubFor(post(urlPathEqualTo("/v1/customers")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"cus_inv\",\"object\":\"customer\"}")));
        String subscription = (String) asLearner(learner).post().uri("/api/payments/subscriptions/checkout")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("plan", "MONTHLY")).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("subscriptionId");
        String stripeId = "sub_inv_" + subscription.substring(0, 8);
        stripeSubscription(stripeId, "active", subscription);
        String invoiceId = "in_" + subscription.substring(0, 8);
        long paidAt = Instant.now().minusSeconds(60).getEpochSecond();
        String paid = event("evt_" + UUID.randomUUID(), "invoice.paid", "{\"id\":\"" + invoiceId + "\",\"object\":\"invoice\","
                + "\"number\":\"MECA-0042\",\"amount_paid\":2900,\"currency\":\"eur\","
                + "\"hosted_invoice_url\":\"https://invoice.stripe.com/i/test\",\"status_transitions\":{\"paid_at\":" + paidAt + "},"
                + "\"parent\":{\"type\":\"subscription_details\",\"subscription_details\":{\"subscription\":\"" + stripeId + "\"}}}");
        for (int delivery = 0; delivery < 3; delivery++) {
            webhook(paid, signature(paid, Instant.now())).expectStatus().isOk();
        }
        assertThat(database.count("SELECT count(*) FROM subscription_invoice WHERE subscription_id = '" + subscription + "'")).isEqualTo(1);
        assertThat(database.scalar("SELECT status FROM subscription WHERE id = '" + subscription + "'")).isEqualTo("ACTIVE");
        String purchaseId = checkout(learner, offer("Contrôle technique : préparation", 19000, true));
        pay(purchaseId);

        asLearner(learner).get().uri("/api/payments/me/invoices").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].kind").isEqualTo("PURCHASE")
                .jsonPath("$[0].title").isEqualTo("Contrôle technique : préparation")
                .jsonPath("$[0].downloadPath").isEqualTo("/api/payments/purchases/" + purchaseId + "/receipt")
                .jsonPath("$[1].kind").isEqualTo("SUBSCRIPTION")
                .jsonPath("$[1].amountCents").isEqualTo(2900)
                .jsonPath("$[1].hostedInvoiceUrl").isEqualTo("https://invoice.stripe.com/i/test")
                .jsonPath("$[1].downloadPath").isEqualTo("/api/payments/me/invoices/" + invoiceId + "/pdf");
        byte[] pdf = asLearner(learner).get().uri("/api/payments/me/invoices/{id}/pdf", invoiceId).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Facture n° MECA-0042", "Abonnement MécaFormation mensuel",
                    "Montant HT : 24,17 €", "TVA 20 % : 4,83 €", "Montant TTC payé : 29,00 €");
        }
        String stranger = UUID.randomUUID().toString();
        asLearner(stranger).get().uri("/api/payments/me/invoices/{id}/pdf", invoiceId).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asLearner(stranger).get().uri("/api/payments/me/invoices/{id}/pdf", "in_unknown").exchange().expectStatus().isNotFound();
        asLearner(stranger).get().uri("/api/payments/me/invoices").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    private void stripeSubscription(String stripeId, String status, String subscriptionId) {
        STRIPE.stubFor(get(urlPathEqualTo("/v1/subscriptions/" + stripeId)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"" + stripeId + "\",\"object\":\"subscription\",\"status\":\"" + status + "\","
                        + "\"metadata\":{\"subscriptionId\":\"" + subscriptionId + "\"},\"items\":{\"object\":\"list\",\"data\":"
                        + "[{\"id\":\"si_1\",\"object\":\"subscription_item\",\"current_period_end\":"
                        + Instant.now().plusSeconds(30 * 86400).getEpochSecond() + "}]}}")));
    }

    /** Sends the notification and answers its payload (for replays). */
    private String subscriptionNotification(String type, String stripeId, String statusInPayload) {
        String payload = event("evt_" + UUID.randomUUID(), type, "{\"id\":\"" + stripeId + "\",\"object\":\"subscription\","
                + "\"status\":\"" + statusInPayload + "\"}");
        webhook(payload, signature(payload, Instant.now())).expectStatus().isOk();
        return payload;
    }

    @Test
    void an_earned_reward_becomes_one_single_use_promotion_code_for_its_learner_only() {
        STRIPE.stubFor(post(urlPathEqualTo("/v1/coupons")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"coupon_test_1\",\"object\":\"coupon\"}")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/promotion_codes")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"promo_test_1\",\"object\":\"promotion_code\"}")));
        UUID learner = UUID.randomUUID();
        UUID reward = UUID.randomUUID();
        byte[] requested = EventJson.write(new RewardCouponRequested(reward, learner, 15, null, "Badge « 10 leçons de freinage »",
                Instant.now().plus(Duration.ofDays(30))));
        String eventId = UUID.randomUUID().toString();
        for (String id : List.of(eventId, eventId, UUID.randomUUID().toString())) {
            KafkaSupport.sendCloudEvent(RewardEvents.TOPIC, learner.toString(), id, EventCatalog.of(RewardCouponRequested.class).type(),
                    "/gamification-service", requested);
        }
        KafkaSupport.sendCloudEvent(RewardEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(RewardCouponRequested.class).type(), "/gamification-service",
                EventJson.write(new RewardCouponRequested(UUID.randomUUID(), learner, null, 5000L, "Récompense expirée",
                        Instant.now().minus(Duration.ofDays(1)))));

        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM reward_coupon WHERE learner_id = '" + learner + "'") == 1);
        asLearner(learner.toString()).get().uri("/api/payments/me/coupons").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].code").value(code -> assertThat((String) code).startsWith("MECA-"))
                .jsonPath("$[0].percentOff").isEqualTo(15);
        asLearner(UUID.randomUUID().toString()).get().uri("/api/payments/me/coupons").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/coupons")).withHeader("Idempotency-Key", equalTo("coupon-" + reward))
                .withRequestBody(containing("percent_off=15")).withRequestBody(containing("max_redemptions=1")));
        STRIPE.verify(postRequestedFor(urlPathEqualTo("/v1/promotion_codes")).withHeader("Idempotency-Key", equalTo("promotion-code-" + reward)));
    }

    @Test
    void when_stripe_fails_checkout_is_a_503_problem() {
        UUID course = offer("Moteur : distribution", 35000, true);
        STRIPE.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"type\":\"api_error\"}}")));
        asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course)).exchange()
                .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.service").isEqualTo("Stripe");
    }

    /**
     * Stripe forgot the price and product we mirrored (the local double restarted empty, as after ./meca down/up):
     * its "No such price" is no outage; the product and price are made again and the checkout goes through.
     */
    @Test
    void a_price_stripe_no_longer_knows_is_mirrored_again_and_the_checkout_goes_through() {
        UUID course = offer("Boîte automatique : vidange", 27000, true);
        // the projection mirrors the offer after its commit, a checkout mirrors what is missing: both use one
        // Idempotency-Key, so Stripe answers them with one price, but this stub makes a new one per call. Let the
        // projection's mirroring finish first, or the price read below may be replaced by the slower of the two.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("SELECT count(*) FROM stripe_price WHERE offer_key = 'course:" + course + "'") == 1);
        checkout(UUID.randomUUID().toString(), course);
        String forgotten = database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'course:" + course + "'");
        STRIPE.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).withRequestBody(field("line_items[0][price]", forgotten))
                .atPriority(1).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
                                + "\"param\":\"line_items[0][price]\",\"message\":\"No such price: '" + forgotten + "'\"}}")));
        STRIPE.stubFor(post(urlPathEqualTo("/v1/prices/" + forgotten)).atPriority(1).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"type\":\"invalid_request_error\","
                        + "\"code\":\"resource_missing\",\"message\":\"No such price: '" + forgotten + "'\"}}")));

        String purchaseId = checkout(UUID.randomUUID().toString(), course);

        String mirrored = database.scalar("SELECT stripe_price_id FROM stripe_price WHERE offer_key = 'course:" + course + "'");
        assertThat(mirrored).isNotEqualTo(forgotten);
        STRIPE.verify(2, postRequestedFor(urlPathEqualTo("/v1/products")).withRequestBody(field("id", "meca_course_" + course)));
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/prices")).withRequestBody(field("unit_amount", "27000"))
                .withHeader("Idempotency-Key", equalTo("price-course:" + course + "-27000-replacing-missing-" + forgotten)));
        verifyOneStripeOperation(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
                .withHeader("Idempotency-Key", equalTo("checkout-" + purchaseId + "-" + mirrored))
                .withRequestBody(field("line_items[0][price]", mirrored)));
        assertThat(database.scalar("SELECT checkout_url FROM purchase WHERE id = '" + purchaseId + "'")).isNotNull();
    }

    /**
     * A 4xx is Stripe answering, not Stripe down: 502 naming Stripe and what it refused, and however many there are
     * the circuit stays closed (the next good answer goes through at once).
     */
    @Test
    void stripe_refusing_a_request_is_a_502_that_never_says_stripe_is_down_nor_opens_the_circuit() {
        UUID course = offer("Injection diesel", 31000, true);
        STRIPE.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"type\":\"invalid_request_error\","
                        + "\"code\":\"parameter_invalid_empty\",\"param\":\"success_url\",\"message\":\"Invalid URL\"}}")));
        for (int attempt = 0; attempt < 8; attempt++) {
            asLearner(UUID.randomUUID().toString()).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("courseId", course)).exchange()
                    .expectStatus().isEqualTo(HttpStatus.BAD_GATEWAY)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.service").isEqualTo("Stripe")
                    .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("« Stripe » a refusé", "parameter_invalid_empty").doesNotContain("ne répond pas"));
        }
        STRIPE.removeStub(STRIPE.getStubMappings().stream().filter(stub -> stub.getPriority() != null && stub.getPriority() == 1)
                .findFirst().orElseThrow());
        checkout(UUID.randomUUID().toString(), course);
    }

    /** A course as the catalog announces it, through Kafka, and waits until payment-service has it. */
    private UUID offer(String title, long priceCents, boolean published) {
        UUID course = UUID.randomUUID();
        publish(course, title, priceCents, published, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM offer WHERE course_id = '" + course + "'") == 1);
        return course;
    }

    private static void publish(UUID course, String title, long priceCents, boolean published, long revision) {
        CoursePublished event = new CoursePublished(new CourseSnapshot(course, UUID.randomUUID().toString(), title, "FREINAGE",
                "DEBUTANT", priceCents, "EUR", 60, published ? "PUBLISHED" : "DRAFT", revision, List.of()), Instant.now());
        KafkaSupport.sendCloudEvent(CourseEvents.TOPIC, course.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(CoursePublished.class).type(), "/catalog-service", EventJson.write(event));
    }

    private String checkout(String learner, UUID course) {
        return (String) asLearner(learner).post().uri("/api/payments/checkout").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("courseId", course)).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("purchaseId");
    }

    private WebTestClient.ResponseSpec webhook(String payload, String signature) {
        WebTestClient.RequestBodySpec request = client.post().uri("/api/payments/webhooks/stripe").contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("Stripe-Signature", signature);
        }
        return request.bodyValue(payload).exchange();
    }

    private static String event(String id, String type, String object) {
        return "{\"id\":\"" + id + "\",\"object\":\"event\",\"api_version\":\"" + Stripe.API_VERSION + "\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"livemode\":false,\"type\":\"" + type + "\",\"data\":{\"object\":" + object + "}}";
    }

    /** The header Stripe sends: a timestamp, and the HMAC-SHA256 of "timestamp.payload" under the endpoint's secret. */
    private static String signature(String payload, Instant at) {
        try {
            long timestamp = at.getEpochSecond();
            return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(WEBHOOK_SECRET, timestamp + "." + payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(UUID.randomUUID().toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private WebTestClient asLearner(String subject) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject).claim("email", "apprenti@exemple.fr"))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }

    /**
     * One operation at Stripe, however many attempts: stripe-java retries a POST that timed out (seen on a loaded CI
     * machine) with the same Idempotency-Key, and Stripe performs a key once.
     */
    private static void verifyOneStripeOperation(com.github.tomakehurst.wiremock.matching.RequestPatternBuilder pattern) {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> sent = STRIPE.findAll(pattern);
        assertThat(sent).isNotEmpty();
        assertThat(sent.stream().map(request -> request.getHeader("Idempotency-Key")).distinct().toList())
                .hasSize(1).doesNotContainNull();
    }

}
