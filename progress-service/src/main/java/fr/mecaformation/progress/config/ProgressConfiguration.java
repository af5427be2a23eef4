package fr.mecaformation.progress.config;

import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.QuizEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import fr.mecaformation.progress.domain.WatchRules;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProgressProperties.class)
public class ProgressConfiguration {

    /** The topics this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, CompletionEvents.TOPIC, QuizEvents.TOPIC, fr.mecaformation.events.progress.CertificateEvents.TOPIC);
    }

    @Bean
    WatchRules watchRules(ProgressProperties properties) {
        return properties.watchRules();
    }
}
