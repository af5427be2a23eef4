package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A lesson is open to the course's learners. {@code videoDurationSeconds} is the real length measured by ffprobe
 * for video lessons (progress tracking needs it to judge a "watched" lesson), null for other kinds. {@code position}
 * is the lesson's place in its module; {@code modulePosition} (revision 1.1, absent in older events) is the module's
 * place in the course, so consumers can order a course's lessons without calling the catalog.
 */
@EventContract(type = "fr.mecaformation.catalog.lesson.published.v1", topic = LessonEvents.TOPIC,
        schema = "schemas/catalog/lesson-published.v1.json")
public record LessonPublished(UUID lessonId, UUID courseId, UUID moduleId, String title, String kind, int position,
                              Double videoDurationSeconds, Instant publishedAt,
                              Integer modulePosition) implements DomainEvent {

    @Override
    public String subject() {
        return lessonId.toString();
    }
}
