package fr.mecaformation.progress.messaging;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.IncomingEvent;
import fr.mecaformation.progress.application.CertificateIssuance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * A completed course earns its certificate. The issue commits with the event id in the inbox, so a redelivered
 * {@code CourseCompleted} issues nothing; a unique (learner, course) index stands behind it for a second event.
 */
@Component
public class CertificateListener {

    private static final String GROUP = "progress-service.certificates";
    private static final EventDescriptor COURSE_COMPLETED = EventCatalog.of(CourseCompleted.class);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    private final CertificateIssuance issuance;
    private final Inbox inbox;

    public CertificateListener(CertificateIssuance issuance, Inbox inbox) {
        this.issuance = issuance;
        this.inbox = inbox;
    }

    @KafkaListener(topics = CompletionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCompletion(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (COURSE_COMPLETED.type().equals(event.type())) {
            CourseCompleted completed = event.as(COURSE_COMPLETED, CourseCompleted.class);
            inbox.processOnce(GROUP, event.id(), () -> issuance.issue(completed)).block(EFFECT_TIMEOUT);
        }
    }
}
