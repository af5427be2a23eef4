package fr.mecaformation.payment.config;

import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import fr.mecaformation.platform.security.Secrets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentConfiguration {

    /** Outside the local profile payment-service does not start without its Stripe secret key and webhook secret. */
    @Bean
    Secrets.Checked stripeSecrets(Environment environment) {
        return Secrets.check(environment, "meca.payment.stripe.secret-key", "STRIPE_SECRET_KEY",
                "meca.payment.stripe.webhook-secret", "STRIPE_WEBHOOK_SECRET");
    }

    /** The topics this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, PurchaseEvents.TOPIC, SubscriptionEvents.TOPIC);
    }
}
