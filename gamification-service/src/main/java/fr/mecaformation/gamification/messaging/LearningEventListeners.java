package fr.mecaformation.gamification.messaging;

import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.identity.CohortEvents;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.progress.CertificateEvents;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.events.progress.QuizEvents;
import fr.mecaformation.events.progress.QuizSubmitted;
import fr.mecaformation.gamification.application.Awards;
import fr.mecaformation.gamification.application.Learners;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * What earns XP (progress-service's completions, quizzes and certificates), who is erased (identity), and what the
 * awards need to know (courses' categories, cohorts). One consumer group for all, so an erasure and a learner's
 * completions share one inbox; other types of these topics are ignored (tolerant reader).
 */
@Component
public class LearningEventListeners {

    static final String GROUP = "gamification-service.xp";

    private final EventHandlers handlers;

    public LearningEventListeners(Awards awards, Learners learners, EventDispatcher dispatcher) {
        this.handlers = dispatcher.group(GROUP)
                .on(LessonCompleted.class, awards::lessonCompleted)
                .on(CourseCompleted.class, awards::courseCompleted)
                .on(QuizSubmitted.class, awards::quizSubmitted)
                .on(CertificateIssued.class, awards::certificateIssued)
                .on(UserDeleted.class, learners::erase)
                .on(CohortMemberAdded.class, learners::joinCohort)
                .on(UserRegistered.class, registered -> learners.named(registered.profile()))
                .on(UserProfileUpdated.class, updated -> learners.named(updated.profile()))
                .on(CourseCreated.class, created -> learners.courseChanged(created.course()))
                .on(CourseUpdated.class, updated -> learners.courseChanged(updated.course()))
                .on(CoursePublished.class, published -> learners.courseChanged(published.course()));
    }

    @KafkaListener(topics = {CompletionEvents.TOPIC, QuizEvents.TOPIC, CertificateEvents.TOPIC, UserEvents.TOPIC,
            CohortEvents.TOPIC, CourseEvents.TOPIC}, groupId = GROUP,
            containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
    void on(ConsumerRecord<String, byte[]> record) {
        handlers.dispatch(record);
    }
}
