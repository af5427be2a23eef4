package fr.mecaformation.events.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner finished a lesson, once per learner and lesson: a video watched to the completion threshold, a quiz
 * passed, a reading or practical lesson marked done. {@code watchedSeconds} is the length of the distinct parts of the
 * video really watched (null for other kinds).
 */
@EventContract(type = "fr.mecaformation.progress.lesson.completed.v1", topic = CompletionEvents.TOPIC,
        schema = "schemas/progress/lesson-completed.v1.json")
public record LessonCompleted(UUID learnerId, UUID courseId, UUID lessonId, String kind, Double watchedSeconds,
                              Instant completedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
