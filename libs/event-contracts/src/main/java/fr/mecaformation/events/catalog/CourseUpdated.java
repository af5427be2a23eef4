package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

@EventContract(type = "fr.mecaformation.catalog.course.updated.v1", topic = CourseEvents.TOPIC,
        schema = "schemas/catalog/course-updated.v1.json")
public record CourseUpdated(CourseSnapshot course) implements DomainEvent {

    @Override
    public String subject() {
        return course.courseId().toString();
    }
}
