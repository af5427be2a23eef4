package fr.mecaformation.booking.config;

import fr.mecaformation.booking.domain.internship.Departements;
import fr.mecaformation.events.booking.InternshipEvents;
import fr.mecaformation.platform.outbox.OwnedTopics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
public class InternshipConfiguration {

    public InternshipConfiguration() {
        // the départements' table is read from the classpath once, here at startup: on first use it would be read
        // on an event-loop thread, which must never block on a file (BlockHound says so in tests)
        Departements.count();
    }

    /** The internships' topic, owned by this service beside booking.booking.v1, declared before its first event. */
    @Bean
    KafkaAdmin.NewTopics internshipTopics(Environment environment) {
        return OwnedTopics.declare(environment, InternshipEvents.TOPIC);
    }
}
