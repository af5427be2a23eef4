package fr.mecaformation.payment.config;

import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.payment.SubscriptionEvents;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentProperties.class)
public class PaymentConfiguration {

    /** payment-service owns payment.purchase.v1: declared with its partitions before the first event. */
    @Bean
    NewTopic purchaseTopic(@Value("${meca.payment.topic-partitions:3}") int partitions,
                           @Value("${meca.payment.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(PurchaseEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }

    @Bean
    NewTopic subscriptionTopic(@Value("${meca.payment.topic-partitions:3}") int partitions,
                               @Value("${meca.payment.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(SubscriptionEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }
}
