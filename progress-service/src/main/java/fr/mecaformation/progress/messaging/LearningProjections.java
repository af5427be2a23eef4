package fr.mecaformation.progress.messaging;

import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.events.identity.CohortEvents;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.payment.SubscriptionActivated;
import fr.mecaformation.events.payment.SubscriptionCancelled;
import fr.mecaformation.events.payment.SubscriptionEvents;
import fr.mecaformation.events.payment.SubscriptionPastDue;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import fr.mecaformation.progress.application.EnrolledLessons;
import fr.mecaformation.progress.application.LearnerErasure;
import fr.mecaformation.progress.persistence.LearningCatalogRepository;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * What progress tracking needs from other domains, kept locally so a heartbeat never waits for another service:
 * courses and their published lessons (with the video's real length), who may follow which course (enrolments and
 * running subscriptions), learners' names for certificates, trainers' cohorts, and erased accounts. Each event's effect commits with
 * its id in the inbox (the platform's dispatcher), so redeliveries change nothing; local caches are evicted after
 * the commit.
 */
@Component
public class LearningProjections {

    private static final String GROUP = "progress-service.projections";

    private final EventHandlers handlers;

    public LearningProjections(LearningCatalogRepository catalog, LearnerErasure erasure, EnrolledLessons enrolledLessons,
                               EventDispatcher dispatcher, Clock clock) {
        this.handlers = dispatcher.group(GROUP)
                .on(CourseCreated.class, created -> catalog.upsertCourse(created.course(), clock.instant()))
                .on(CourseUpdated.class, updated -> catalog.upsertCourse(updated.course(), clock.instant()))
                .on(CoursePublished.class, published -> catalog.upsertCourse(published.course(), clock.instant()))
                .on(LessonPublished.class, catalog::upsertLesson,
                        lesson -> enrolledLessons.forgetLesson(lesson.lessonId()))
                .on(EnrolmentGranted.class, granted -> catalog.grantAccess(granted.learnerId(), granted.courseId(),
                        granted.grantedAt()))
                .on(EnrolmentRevoked.class, revoked -> enrolledLessons.forgettingLearner(revoked.learnerId(),
                                catalog.revokeAccess(revoked.learnerId(), revoked.courseId())),
                        revoked -> enrolledLessons.forgetLearner(revoked.learnerId()))
                .on(SubscriptionActivated.class, activated -> catalog.subscriptionChanged(activated.learnerId(),
                        activated.subscriptionId(), "ACTIVE", activated.activatedAt()))
                .on(SubscriptionPastDue.class, pastDue -> catalog.subscriptionChanged(pastDue.learnerId(),
                        pastDue.subscriptionId(), "PAST_DUE", pastDue.since()))
                .on(SubscriptionCancelled.class, cancelled -> enrolledLessons.forgettingLearner(cancelled.learnerId(),
                                catalog.subscriptionChanged(cancelled.learnerId(), cancelled.subscriptionId(), "CANCELLED",
                                        cancelled.endedAt())),
                        cancelled -> enrolledLessons.forgetLearner(cancelled.learnerId()))
                .on(UserRegistered.class, registered -> catalog.upsertLearner(registered.profile().userId(),
                        registered.profile().displayName(), registered.profile().legalName(), registered.profile().revision()))
                .on(UserProfileUpdated.class, updated -> catalog.upsertLearner(updated.profile().userId(),
                        updated.profile().displayName(), updated.profile().legalName(), updated.profile().revision()))
                .on(UserDeleted.class, deleted -> enrolledLessons.forgettingLearner(deleted.userId(), erasure.erase(deleted.userId())),
                        deleted -> enrolledLessons.forgetLearner(deleted.userId()))
                .on(CohortMemberAdded.class, added -> catalog.addCohortMember(added.cohortId(), added.cohortName(),
                        added.trainerId(), added.learnerId(), added.addedAt()));
    }

    @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCourse(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = LessonEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onLesson(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = EnrolmentEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onEnrolment(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = SubscriptionEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onSubscription(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = UserEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onUser(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }

    @KafkaListener(topics = CohortEvents.TOPIC, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void onCohort(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
