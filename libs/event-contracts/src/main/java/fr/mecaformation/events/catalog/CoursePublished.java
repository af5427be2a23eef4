package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;

@EventContract(type = "fr.mecaformation.catalog.course.published.v1", topic = CourseEvents.TOPIC,
        schema = "schemas/catalog/course-published.v1.json")
public record CoursePublished(CourseSnapshot course, Instant publishedAt) implements DomainEvent {

    @Override
    public String subject() {
        return course.courseId().toString();
    }
}
