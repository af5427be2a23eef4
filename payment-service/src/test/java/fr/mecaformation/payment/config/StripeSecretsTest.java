package fr.mecaformation.payment.config;

import fr.mecaformation.platform.security.Secrets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile payment-service does not start without its Stripe secrets. */
class StripeSecretsTest {

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(PaymentConfiguration.class);

    @Test
    void without_the_webhook_secret_or_the_secret_key_the_context_fails() {
        context.withPropertyValues("meca.payment.stripe.secret-key=sk_test_x").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("STRIPE_WEBHOOK_SECRET");
        });
        context.withPropertyValues("meca.payment.stripe.webhook-secret=whsec_x").run(started ->
                assertThat(started.getStartupFailure()).rootCause().hasMessageContaining("STRIPE_SECRET_KEY"));
    }

    @Test
    void with_both_or_in_the_local_profile_it_starts() {
        context.withPropertyValues("meca.payment.stripe.secret-key=sk_test_x", "meca.payment.stripe.webhook-secret=whsec_x")
                .run(started -> assertThat(started).hasNotFailed());
        context.withPropertyValues("spring.profiles.active=local").run(started -> assertThat(started).hasNotFailed());
    }
}
