package fr.mecaformation.gamification.config;

import fr.mecaformation.events.gamification.RewardEvents;
import fr.mecaformation.events.gamification.XpEvents;
import fr.mecaformation.gamification.domain.Calendar;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GamificationProperties.class)
public class GamificationConfiguration {

    @Bean
    Calendar calendar(GamificationProperties properties) {
        return new Calendar(properties.defaultZone());
    }

    /** The topics this service owns, declared before its first event (payment-service consumes the rewards). */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, XpEvents.TOPIC, RewardEvents.TOPIC);
    }
}
