package fr.mecaformation.stripedouble;

import com.stripe.StripeClient;
import com.stripe.model.Price;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PriceCreateParams;
import com.stripe.param.ProductCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After ./meca down and up, payment-service still holds the ids of the products and prices it mirrored: the double,
 * restarted on the same state file, must still know them, as Stripe would. Two purchases, a restart between them.
 */
class StripeDoubleRestartTest {

    @TempDir
    Path data;

    @Test
    void products_prices_customers_and_sessions_outlive_a_restart() throws Exception {
        Path state = data.resolve("stripe-double.json");
        String product = "meca_course_" + UUID.randomUUID().toString().replace("-", "_");
        PriceCreateParams priceParams = PriceCreateParams.builder().setProduct(product).setCurrency("eur").setUnitAmount(39000L)
                .setTaxBehavior(PriceCreateParams.TaxBehavior.INCLUSIVE).setLookupKey("course:restart").setTransferLookupKey(true).build();
        RequestOptions priceKey = RequestOptions.builder().setIdempotencyKey("price-restart").build();
        RequestOptions customerKey = RequestOptions.builder().setIdempotencyKey("customer-restart").build();
        String priceId;
        String firstSession;
        String customer;
        try (ConfigurableApplicationContext before = start(state)) {
            StripeClient stripe = client(before);
            stripe.v1().products().create(ProductCreateParams.builder().setId(product).setName("Climatisation").build());
            priceId = stripe.v1().prices().create(priceParams, priceKey).getId();
            customer = stripe.v1().customers().create(CustomerCreateParams.builder().setEmail("a@exemple.fr").build(), customerKey).getId();
            firstSession = stripe.v1().checkout().sessions().create(session(priceId, "first"),
                    RequestOptions.builder().setIdempotencyKey("checkout-first").build()).getId();
        }

        try (ConfigurableApplicationContext after = start(state)) {
            StripeClient stripe = client(after);
            Session second = stripe.v1().checkout().sessions().create(session(priceId, "second"),
                    RequestOptions.builder().setIdempotencyKey("checkout-second").build());
            assertThat(second.getAmountTotal()).as("the price mirrored before the restart still sells").isEqualTo(39000L);
            Price replayed = stripe.v1().prices().create(priceParams, priceKey);
            assertThat(replayed.getId()).as("an idempotent retry still gets the first answer").isEqualTo(priceId);
            assertThat(stripe.v1().customers().create(CustomerCreateParams.builder().build(), customerKey).getId()).isEqualTo(customer);
            assertThat(stripe.v1().checkout().sessions().create(session(priceId, "first"),
                    RequestOptions.builder().setIdempotencyKey("checkout-first").build()).getId()).isEqualTo(firstSession);
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + port(after) + "/checkout/" + firstSession)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Climatisation", "390,00 €");
        }
    }

    private static ConfigurableApplicationContext start(Path state) {
        return new SpringApplicationBuilder(StripeDoubleApplication.class).run("--server.port=0",
                "--stripe-double.state-file=" + state, "--stripe-double.webhook-url=http://127.0.0.1:9/unused",
                "--stripe-double.public-url=http://localhost");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static StripeClient client(ConfigurableApplicationContext context) {
        return StripeClient.builder().setApiKey("sk_test_double").setApiBase("http://localhost:" + port(context)).build();
    }

    private static SessionCreateParams session(String priceId, String purchase) {
        return SessionCreateParams.builder().setMode(SessionCreateParams.Mode.PAYMENT).putMetadata("purchaseId", purchase)
                .setSuccessUrl("http://localhost/merci").setCancelUrl("http://localhost/annule")
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L).setPrice(priceId).build()).build();
    }
}
