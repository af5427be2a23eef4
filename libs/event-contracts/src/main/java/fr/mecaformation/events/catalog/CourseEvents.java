package fr.mecaformation.events.catalog;

/** Wire constants of the course aggregate. */
public final class CourseEvents {

    public static final String TOPIC = "catalog.course.v1";

    private CourseEvents() {
    }
}
