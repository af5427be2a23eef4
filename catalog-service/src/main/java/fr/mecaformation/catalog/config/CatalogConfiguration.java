package fr.mecaformation.catalog.config;

import fr.mecaformation.catalog.domain.ThumbnailPolicy;
import fr.mecaformation.events.catalog.CourseEvents;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import java.util.Set;

@Configuration(proxyBeanMethods = false)
public class CatalogConfiguration {

    @Bean
    ThumbnailPolicy thumbnailPolicy(@Value("${meca.catalog.thumbnail-hosts}") Set<String> hosts) {
        return new ThumbnailPolicy(hosts);
    }

    /** Declared so the topic exists with its partitions before the first event, not auto-created with defaults. */
    @Bean
    NewTopic courseTopic(@Value("${meca.catalog.topic-partitions:3}") int partitions,
                         @Value("${meca.catalog.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(CourseEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }
}
