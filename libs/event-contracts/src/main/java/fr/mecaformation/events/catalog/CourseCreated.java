package fr.mecaformation.events.catalog;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

@EventContract(type = "fr.mecaformation.catalog.course.created.v1", topic = CourseEvents.TOPIC,
        schema = "schemas/catalog/course-created.v1.json")
public record CourseCreated(CourseSnapshot course) implements DomainEvent {

    @Override
    public String subject() {
        return course.courseId().toString();
    }
}
