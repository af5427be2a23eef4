package fr.mecaformation.booking.config;

import fr.mecaformation.events.booking.BookingEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BookingProperties.class)
public class BookingConfiguration {

    /** The topic this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, BookingEvents.TOPIC);
    }
}
