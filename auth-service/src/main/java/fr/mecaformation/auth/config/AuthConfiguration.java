package fr.mecaformation.auth.config;

import fr.mecaformation.events.identity.UserEvents;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
public class AuthConfiguration {

    @Bean
    NewTopic userTopic(@Value("${meca.auth.topic-partitions:3}") int partitions,
                       @Value("${meca.auth.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(UserEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }
}
