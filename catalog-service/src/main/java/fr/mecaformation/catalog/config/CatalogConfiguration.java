package fr.mecaformation.catalog.config;

import fr.mecaformation.catalog.domain.ThumbnailPolicy;
import fr.mecaformation.catalog.media.FilesystemMediaStorage;
import fr.mecaformation.catalog.media.MediaStorage;
import fr.mecaformation.catalog.media.VideoTools;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.LessonEvents;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import java.util.Set;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
public class CatalogConfiguration {

    @Bean
    MediaStorage mediaStorage(MediaProperties properties) {
        return new FilesystemMediaStorage(properties.root());
    }

    @Bean
    VideoTools videoTools(MediaProperties properties) {
        return new VideoTools(properties.ffmpeg(), properties.ffprobe(), properties.probeTimeout());
    }

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

    @Bean
    NewTopic lessonTopic(@Value("${meca.catalog.topic-partitions:3}") int partitions,
                         @Value("${meca.catalog.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(LessonEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }

    @Bean
    NewTopic enrolmentTopic(@Value("${meca.catalog.topic-partitions:3}") int partitions,
                            @Value("${meca.catalog.topic-replicas:1}") short replicas) {
        return TopicBuilder.name(EnrolmentEvents.TOPIC).partitions(partitions).replicas(replicas).build();
    }
}
