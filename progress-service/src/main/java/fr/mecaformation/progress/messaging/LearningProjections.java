package fr.mecaformation.progress.messaging;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.events.identity.CohortEvents;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.LearnerProfileSnapshot;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.Inbox;
import fr.mecaformation.platform.inbox.IncomingEvent;
import fr.mecaformation.progress.application.EnrolledLessons;
import fr.mecaformation.progress.application.LearnerErasure;
import fr.mecaformation.progress.persistence.LearningCatalogRepository;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;

/**
 * What progress tracking needs from other domains, kept locally so a heartbeat never waits for another service:
 * courses and their published lessons (with the video's real length), who may follow which course (enrolments and
 * running subscriptions), learners' names for certificates, trainers' cohorts, and erased accounts. Each event's effect commits with
 * its id in the inbox, so redeliveries change nothing.
 */
@Component
public class LearningProjections {

    private static final String GROUP = "progress-service.projections";
    private static final EventDescriptor COURSE_CREATED = EventCatalog.of(CourseCreated.class);
    private static final EventDescriptor COURSE_UPDATED = EventCatalog.of(CourseUpdated.class);
    private static final EventDescriptor COURSE_PUBLISHED = EventCatalog.of(CoursePublished.class);
    private static final EventDescriptor LESSON_PUBLISHED = EventCatalog.of(LessonPublished.class);
    private static final EventDescriptor ENROLMENT_GRANTED = EventCatalog.of(EnrolmentGranted.class);
    private static final EventDescriptor ENROLMENT_REVOKED = EventCatalog.of(EnrolmentRevoked.class);
    private static final EventDescriptor SUBSCRIPTION_ACTIVATED = EventCatalog.of(SubscriptionActivated.class);
    private static final EventDescriptor SUBSCRIPTION_PAST_DUE = EventCatalog.of(SubscriptionPastDue.class);
    private static final EventDescriptor SUBSCRIPTION_CANCELLED = EventCatalog.of(SubscriptionCancelled.class);
    private static final EventDescriptor USER_REGISTERED = EventCatalog.of(UserRegistered.class);
    private static final EventDescriptor USER_PROFILE_UPDATED = EventCatalog.of(UserProfileUpdated.class);
    private static final EventDescriptor USER_DELETED = EventCatalog.of(UserDeleted.class);
    private static final EventDescriptor COHORT_MEMBER_ADDED = EventCatalog.of(CohortMemberAdded.class);
    private static final Duration EFFECT_TIMEOUT = Duration.ofSeconds(30);

    private final LearningCatalogRepository catalog;
    private final LearnerErasure erasure;
    private final EnrolledLessons enrolledLessons;
    private final Inbox inbox;
    private final Clock clock;

    public LearningProjections(LearningCatalogRepository catalog, LearnerErasure erasure, EnrolledLessons enrolledLessons,
                               Inbox inbox, Clock clock) {
        this.catalog = catalog;
        this.erasure = erasure;
        this.enrolledLessons = enrolledLessons;
        this.inbox = inbox;
        this.clock = clock;
    }

    @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCourse(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        CourseSnapshot course;
        if (COURSE_CREATED.type().equals(event.type())) {
            course = event.as(COURSE_CREATED, CourseCreated.class).course();
        } else if (COURSE_UPDATED.type().equals(event.type())) {
            course = event.as(COURSE_UPDATED, CourseUpdated.class).course();
        } else if (COURSE_PUBLISHED.type().equals(event.type())) {
            course = event.as(COURSE_PUBLISHED, CoursePublished.class).course();
        } else {
            return;
        }
        once(event, catalog.upsertCourse(course, clock.instant()));
    }

    @KafkaListener(topics = LessonEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onLesson(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (LESSON_PUBLISHED.type().equals(event.type())) {
            LessonPublished lesson = event.as(LESSON_PUBLISHED, LessonPublished.class);
            once(event, catalog.upsertLesson(lesson));
            enrolledLessons.forgetLesson(lesson.lessonId());
        }
    }

    @KafkaListener(topics = EnrolmentEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onEnrolment(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (ENROLMENT_GRANTED.type().equals(event.type())) {
            EnrolmentGranted granted = event.as(ENROLMENT_GRANTED, EnrolmentGranted.class);
            once(event, catalog.grantAccess(granted.learnerId(), granted.courseId(), granted.grantedAt()));
        } else if (ENROLMENT_REVOKED.type().equals(event.type())) {
            EnrolmentRevoked revoked = event.as(ENROLMENT_REVOKED, EnrolmentRevoked.class);
            once(event, enrolledLessons.forgettingLearner(revoked.learnerId(), catalog.revokeAccess(revoked.learnerId(), revoked.courseId())));
            enrolledLessons.forgetLearner(revoked.learnerId());
        }
    }

    @KafkaListener(topics = SubscriptionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onSubscription(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (SUBSCRIPTION_ACTIVATED.type().equals(event.type())) {
            SubscriptionActivated activated = event.as(SUBSCRIPTION_ACTIVATED, SubscriptionActivated.class);
            once(event, catalog.subscriptionChanged(activated.learnerId(), activated.subscriptionId(), "ACTIVE",
                    activated.activatedAt()));
        } else if (SUBSCRIPTION_PAST_DUE.type().equals(event.type())) {
            SubscriptionPastDue pastDue = event.as(SUBSCRIPTION_PAST_DUE, SubscriptionPastDue.class);
            once(event, catalog.subscriptionChanged(pastDue.learnerId(), pastDue.subscriptionId(), "PAST_DUE", pastDue.since()));
        } else if (SUBSCRIPTION_CANCELLED.type().equals(event.type())) {
            SubscriptionCancelled cancelled = event.as(SUBSCRIPTION_CANCELLED, SubscriptionCancelled.class);
            once(event, enrolledLessons.forgettingLearner(cancelled.learnerId(), catalog.subscriptionChanged(
                    cancelled.learnerId(), cancelled.subscriptionId(), "CANCELLED", cancelled.endedAt())));
            enrolledLessons.forgetLearner(cancelled.learnerId());
        }
    }

    @KafkaListener(topics = UserEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onUser(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (USER_REGISTERED.type().equals(event.type())) {
            LearnerProfileSnapshot profile = event.as(USER_REGISTERED, UserRegistered.class).profile();
            once(event, catalog.upsertLearner(profile.userId(), profile.displayName(), profile.legalName(), profile.revision()));
        } else if (USER_PROFILE_UPDATED.type().equals(event.type())) {
            LearnerProfileSnapshot profile = event.as(USER_PROFILE_UPDATED, UserProfileUpdated.class).profile();
            once(event, catalog.upsertLearner(profile.userId(), profile.displayName(), profile.legalName(), profile.revision()));
        } else if (USER_DELETED.type().equals(event.type())) {
            UserDeleted deleted = event.as(USER_DELETED, UserDeleted.class);
            once(event, enrolledLessons.forgettingLearner(deleted.userId(), erasure.erase(deleted.userId())));
            enrolledLessons.forgetLearner(deleted.userId());
        }
    }

    @KafkaListener(topics = CohortEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCohort(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        if (COHORT_MEMBER_ADDED.type().equals(event.type())) {
            CohortMemberAdded added = event.as(COHORT_MEMBER_ADDED, CohortMemberAdded.class);
            once(event, catalog.addCohortMember(added.cohortId(), added.cohortName(), added.trainerId(), added.learnerId(),
                    added.addedAt()));
        }
    }

    private void once(IncomingEvent event, Mono<Void> effect) {
        inbox.processOnce(GROUP, event.id(), () -> effect).block(EFFECT_TIMEOUT);
    }
}
