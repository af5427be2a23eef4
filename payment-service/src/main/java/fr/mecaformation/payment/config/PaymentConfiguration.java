package fr.mecaformation.payment.config;

import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentConfiguration {

    /** The topics this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, PurchaseEvents.TOPIC, SubscriptionEvents.TOPIC);
    }
}
