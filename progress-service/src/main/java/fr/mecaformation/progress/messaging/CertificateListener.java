package fr.mecaformation.progress.messaging;

import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import fr.mecaformation.progress.application.CertificateIssuance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A completed course earns its certificate. The issue commits with the event id in the inbox, so a redelivered
 * {@code CourseCompleted} issues nothing; a unique (learner, course) index stands behind it for a second event.
 */
@Component
public class CertificateListener {

    private static final String GROUP = "progress-service.certificates";

    private final EventHandlers handlers;

    public CertificateListener(CertificateIssuance issuance, EventDispatcher dispatcher) {
        this.handlers = dispatcher.group(GROUP).on(CourseCompleted.class, issuance::issue);
    }

    @KafkaListener(topics = CompletionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCompletion(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
