package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A lesson is open to the course's learners. {@code videoDurationSeconds} is the real length measured by ffprobe
 * for video lessons (progress tracking needs it to judge a "watched" lesson), null for other kinds.
 */
@EventContract(type = "fr.mecaformation.catalog.lesson.published.v1", topic = LessonEvents.TOPIC,
        schema = "schemas/catalog/lesson-published.v1.json")
public record LessonPublished(UUID lessonId, UUID courseId, UUID moduleId, String title, String kind, int position,
                              Double videoDurationSeconds, Instant publishedAt) implements DomainEvent {

    @Override
    public String subject() {
        return lessonId.toString();
    }
}
