package fr.mecaformation.events.catalog;

/** Wire constants of the lesson aggregate (lessons and the videos they play). */
public final class LessonEvents {

    public static final String TOPIC = "catalog.lesson.v1";

    private LessonEvents() {
    }
}
