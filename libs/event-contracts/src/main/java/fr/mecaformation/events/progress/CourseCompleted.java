package fr.mecaformation.events.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A learner completed every published lesson of a course, once per learner and course; certificates follow from it. */
@EventContract(type = "fr.mecaformation.progress.course.completed.v1", topic = CompletionEvents.TOPIC,
        schema = "schemas/progress/course-completed.v1.json")
public record CourseCompleted(UUID learnerId, UUID courseId, String courseTitle, int lessonCount, Instant completedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
