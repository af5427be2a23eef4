package fr.mecaformation.stripedouble;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.model.Coupon;
import com.stripe.model.Event;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PromotionCode;
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.net.Webhook;
import com.stripe.param.CouponCreateParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.PromotionCodeCreateParams;
import com.stripe.param.PromotionCodeUpdateParams;
import com.stripe.param.PriceUpdateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The double answers stripe-java's real requests, and its notifications pass stripe-java's signature check. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StripeDoubleTest {

    static final String SECRET = "whsec_double_test";
    static final BlockingQueue<String[]> RECEIVED = new LinkedBlockingQueue<>();
    static final DisposableServer RECEIVER = HttpServer.create().host("127.0.0.1").port(0)
            .route(routes -> routes.post("/webhook", (request, response) -> request.receive().aggregate().asString()
                    .doOnNext(body -> RECEIVED.add(new String[] {body, request.requestHeaders().get("Stripe-Signature")}))
                    .then(response.status(200).send())))
            .bindNow();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("stripe-double.webhook-url", () -> "http://127.0.0.1:" + RECEIVER.port() + "/webhook");
        registry.add("stripe-double.webhook-secret", () -> SECRET);
    }

    @AfterAll
    static void stop() {
        RECEIVER.disposeNow();
    }

    @Test
    void a_session_created_by_stripe_java_is_paid_on_its_page_and_announced_with_a_valid_signature() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey("sk_test_double").setApiBase("http://localhost:" + port).build();
        String purchaseId = UUID.randomUUID().toString();
        // the product and its price, as payment-service mirrors a course; a price change moves the lookup key
        String product = "meca_course_" + UUID.randomUUID().toString().replace("-", "_");
        stripe.v1().products().create(ProductCreateParams.builder().setId(product).setName("Freinage ABS").build());
        assertThatThrownBy(() -> stripe.v1().products().create(ProductCreateParams.builder().setId(product).setName("Freinage ABS").build()))
                .isInstanceOfSatisfying(InvalidRequestException.class, made -> assertThat(made.getCode()).isEqualTo("resource_already_exists"));
        PriceCreateParams first = PriceCreateParams.builder().setProduct(product).setCurrency("eur").setUnitAmount(52000L)
                .setTaxBehavior(PriceCreateParams.TaxBehavior.INCLUSIVE).setLookupKey("course:x").setTransferLookupKey(true).build();
        RequestOptions firstKey = RequestOptions.builder().setIdempotencyKey("price-1").build();
        Price old = stripe.v1().prices().create(first, firstKey);
        assertThat(stripe.v1().prices().create(first, firstKey).getId()).as("idempotent").isEqualTo(old.getId());
        Price current = stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product).setCurrency("eur").setUnitAmount(49000L)
                .setTaxBehavior(PriceCreateParams.TaxBehavior.INCLUSIVE).setLookupKey("course:x").setTransferLookupKey(true).build());
        assertThat(current.getLookupKey()).isEqualTo("course:x");
        assertThat(current.getTaxBehavior()).isEqualTo("inclusive");
        assertThat(stripe.v1().prices().update(old.getId(), PriceUpdateParams.builder().setActive(false).build()).getActive()).isFalse();
        SessionCreateParams withOldPrice = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("http://localhost:5173/merci").setCancelUrl("http://localhost:5173/annule")
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPrice(old.getId()).build()).build();
        assertThatThrownBy(() -> stripe.v1().checkout().sessions().create(withOldPrice)).as("a deactivated price sells nothing")
                .isInstanceOf(InvalidRequestException.class);

        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT).putMetadata("purchaseId", purchaseId)
                .setSuccessUrl("http://localhost:5173/merci").setCancelUrl("http://localhost:5173/annule")
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPrice(current.getId()).build())
                .build();
        RequestOptions once = RequestOptions.builder().setIdempotencyKey("checkout-" + purchaseId).build();
        Session session = stripe.v1().checkout().sessions().create(params, once);
        assertThat(stripe.v1().checkout().sessions().create(params, once).getId()).as("idempotent").isEqualTo(session.getId());
        assertThat(session.getUrl()).contains("/checkout/" + session.getId());

        HttpClient browser = HttpClient.newHttpClient();
        String page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/checkout/" + session.getId())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("MODE TEST", "490,00 €", "Freinage ABS");
        HttpResponse<String> paid = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/checkout/"
                + session.getId() + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(paid.statusCode()).isEqualTo(303);
        assertThat(paid.headers().firstValue("Location")).hasValue("http://localhost:5173/merci");

        Event completed = verified(RECEIVED.poll(10, TimeUnit.SECONDS));
        assertThat(completed.getType()).isEqualTo("checkout.session.completed");
        Session completedSession = (Session) completed.getDataObjectDeserializer().deserializeUnsafe();
        assertThat(completedSession.getPaymentStatus()).isEqualTo("paid");
        assertThat(completedSession.getMetadata()).containsEntry("purchaseId", purchaseId);
        String paymentIntent = completedSession.getPaymentIntent();
        assertThat(completedSession.getAmountTotal()).isEqualTo(49000L);
        Event succeeded = verified(RECEIVED.poll(10, TimeUnit.SECONDS));
        assertThat(succeeded.getType()).isEqualTo("payment_intent.succeeded");
        PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntent);
        assertThat(intent.getMetadata()).containsEntry("purchaseId", purchaseId);
        assertThat(intent.getStatus()).isEqualTo("succeeded");
        assertThat(intent.getAmount()).isEqualTo(49000L);

        stripe.v1().refunds().create(RefundCreateParams.builder().setPaymentIntent(paymentIntent).setAmount(10000L).build());
        Event refunded = verified(RECEIVED.poll(10, TimeUnit.SECONDS));
        assertThat(refunded.getType()).isEqualTo("charge.refunded");
        assertThat(refunded.getDataObjectDeserializer().deserializeUnsafe().toJson()).contains("\"amount_refunded\": 10000");
    }

    @Test
    void a_subscription_checkout_paid_on_its_page_starts_an_active_subscription_announced_with_its_first_paid_invoice() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey("sk_test_double").setApiBase("http://localhost:" + port).build();
        String ours = UUID.randomUUID().toString();
        RequestOptions customerKey = RequestOptions.builder().setIdempotencyKey("customer-" + ours).build();
        String customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("apprenti@exemple.fr").build(), customerKey).getId();
        assertThat(stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("apprenti@exemple.fr").build(), customerKey).getId())
                .as("one customer per key").isEqualTo(customer);
        String product = "meca_plan_MONTHLY_" + ours.substring(0, 8);
        stripe.v1().products().create(ProductCreateParams.builder().setId(product).setName("Abonnement MécaFormation mensuel").build());
        Price monthly = stripe.v1().prices().create(PriceCreateParams.builder().setProduct(product).setCurrency("eur").setUnitAmount(2900L)
                .setTaxBehavior(PriceCreateParams.TaxBehavior.INCLUSIVE)
                .setRecurring(PriceCreateParams.Recurring.builder().setInterval(PriceCreateParams.Recurring.Interval.MONTH).build()).build());
        Session session = stripe.v1().checkout().sessions().create(SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION).setCustomer(customer).putMetadata("subscriptionId", ours)
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder().putMetadata("subscriptionId", ours).build())
                .setSuccessUrl("http://localhost:5173/merci").setCancelUrl("http://localhost:5173/annule")
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPrice(monthly.getId()).build()).build());

        assertThat(session.getUrl()).endsWith("/checkout/" + session.getId());
        String page = "http://localhost:" + port + "/checkout/" + session.getId();
        HttpClient browser = HttpClient.newHttpClient();
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(page)).build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("MODE TEST", "29,00 €", "par mois");
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(page + "/pay")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(303);

        assertThat(verified(RECEIVED.poll(10, TimeUnit.SECONDS)).getType()).isEqualTo("checkout.session.completed");
        Event created = verified(RECEIVED.poll(10, TimeUnit.SECONDS));
        assertThat(created.getType()).isEqualTo("customer.subscription.created");
        String subscriptionId = ((com.stripe.model.Subscription) created.getDataObjectDeserializer().deserializeUnsafe()).getId();
        Event invoicePaid = verified(RECEIVED.poll(10, TimeUnit.SECONDS));
        assertThat(invoicePaid.getType()).isEqualTo("invoice.paid");
        Invoice invoice = (Invoice) invoicePaid.getDataObjectDeserializer().deserializeUnsafe();
        assertThat(invoice.getAmountPaid()).isEqualTo(2900L);
        assertThat(invoice.getParent().getSubscriptionDetails().getSubscription()).isEqualTo(subscriptionId);
        assertThat(invoice.getHostedInvoiceUrl()).isNotBlank();

        com.stripe.model.Subscription current = stripe.v1().subscriptions().retrieve(subscriptionId);
        assertThat(current.getStatus()).isEqualTo("active");
        assertThat(current.getMetadata()).containsEntry("subscriptionId", ours);
        assertThat(current.getItems().getData().get(0).getCurrentPeriodEnd()).isGreaterThan(java.time.Instant.now().getEpochSecond());
    }

    @Test
    void coupons_and_promotion_codes_are_made_once_per_key_and_a_code_can_be_deactivated() throws Exception {
        StripeClient stripe = StripeClient.builder().setApiKey("sk_test_double").setApiBase("http://localhost:" + port).build();
        RequestOptions couponKey = RequestOptions.builder().setIdempotencyKey("admin-coupon-" + UUID.randomUUID()).build();
        CouponCreateParams coupon = CouponCreateParams.builder().setPercentOff(java.math.BigDecimal.valueOf(20))
                .setDuration(CouponCreateParams.Duration.ONCE).build();
        Coupon made = stripe.v1().coupons().create(coupon, couponKey);
        assertThat(stripe.v1().coupons().create(coupon, couponKey).getId()).isEqualTo(made.getId());
        PromotionCodeCreateParams code = PromotionCodeCreateParams.builder().setCode("RENTREE-" + made.getId().substring(12, 18))
                .setPromotion(PromotionCodeCreateParams.Promotion.builder().setType(PromotionCodeCreateParams.Promotion.Type.COUPON)
                        .setCoupon(made.getId()).build()).build();
        PromotionCode promotion = stripe.v1().promotionCodes().create(code);
        assertThatThrownBy(() -> stripe.v1().promotionCodes().create(code)).as("an active code is unique")
                .isInstanceOf(InvalidRequestException.class);
        assertThat(stripe.v1().promotionCodes().update(promotion.getId(), PromotionCodeUpdateParams.builder().setActive(false).build())
                .getActive()).isFalse();
        assertThat(stripe.v1().promotionCodes().create(code).getId()).as("free again once deactivated").isNotEqualTo(promotion.getId());
    }

    private static Event verified(String[] delivery) throws Exception {
        assertThat(delivery).as("a webhook was delivered").isNotNull();
        return Webhook.constructEvent(delivery[0], delivery[1], SECRET, Duration.ofMinutes(5).toSeconds());
    }
}
