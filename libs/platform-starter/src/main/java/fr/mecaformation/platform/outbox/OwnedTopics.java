package fr.mecaformation.platform.outbox;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.Arrays;

/**
 * The topics a service publishes to, declared before its first event so they exist with the platform's partitions
 * and replicas ({@code meca.topics.partitions}, default 3; {@code meca.topics.replicas}, default 1) rather than
 * auto-created with the broker's defaults. A service declares only the topics it owns.
 */
public final class OwnedTopics {

    private OwnedTopics() {
    }

    public static KafkaAdmin.NewTopics declare(Environment environment, String... topics) {
        int partitions = environment.getProperty("meca.topics.partitions", Integer.class, 3);
        short replicas = environment.getProperty("meca.topics.replicas", Short.class, (short) 1);
        return new KafkaAdmin.NewTopics(Arrays.stream(topics)
                .map(topic -> TopicBuilder.name(topic).partitions(partitions).replicas(replicas).build())
                .toArray(NewTopic[]::new));
    }
}
