package fr.mecaformation.booking.messaging;

import fr.mecaformation.booking.application.InternshipErasure;
import fr.mecaformation.booking.application.InternshipProjections;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.progress.CertificateEvents;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CertificateRevoked;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What internship matching hears, in its own consumer group (and inbox) beside the bookings' one: learners' profiles
 * and erasures (identity.user.v1), courses' skills (catalog.course.v1), certificates (progress.certificate.v1). Other
 * types of these topics are ignored (tolerant reader).
 */
@Component
public class InternshipEventListeners {

    /** The consumer group and inbox name; a property so that a test's context can have a group of its own. */
    static final String GROUP = "${meca.booking.internships.consumer-group:booking-service.internships}";

    private final EventHandlers handlers;

    public InternshipEventListeners(EventDispatcher dispatcher, InternshipProjections projections, InternshipErasure erasure,
                                    @Value(GROUP) String group) {
        this.handlers = dispatcher.group(group)
                .on(UserRegistered.class, registered -> projections.profile(registered.profile()))
                .on(UserProfileUpdated.class, updated -> projections.profile(updated.profile()))
                .on(UserDeleted.class, deleted -> erasure.erase(deleted.userId()))
                .on(CourseCreated.class, created -> projections.course(created.course()))
                .on(CourseUpdated.class, updated -> projections.course(updated.course()))
                .on(CoursePublished.class, published -> projections.course(published.course()))
                .on(CertificateIssued.class, projections::issued)
                .on(CertificateRevoked.class, projections::revoked);
    }

    @KafkaListener(topics = {UserEvents.TOPIC, CourseEvents.TOPIC, CertificateEvents.TOPIC}, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
