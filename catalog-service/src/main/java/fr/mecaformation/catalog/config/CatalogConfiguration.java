package fr.mecaformation.catalog.config;

import fr.mecaformation.catalog.domain.ThumbnailPolicy;
import fr.mecaformation.catalog.media.FilesystemMediaStorage;
import fr.mecaformation.catalog.media.MediaStorage;
import fr.mecaformation.catalog.media.VideoTools;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

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

    /** The topics this service owns, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics ownedTopics(Environment environment) {
        return OwnedTopics.declare(environment, CourseEvents.TOPIC, LessonEvents.TOPIC, EnrolmentEvents.TOPIC);
    }
}
