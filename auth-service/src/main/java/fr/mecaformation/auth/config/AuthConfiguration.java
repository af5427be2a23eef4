package fr.mecaformation.auth.config;

import fr.mecaformation.events.identity.CohortEvents;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

    /** The topics this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, UserEvents.TOPIC, CohortEvents.TOPIC);
    }
}
