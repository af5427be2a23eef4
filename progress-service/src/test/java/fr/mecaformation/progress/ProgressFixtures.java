package fr.mecaformation.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** The catalog's side of a test, told the way the catalog tells it: events on its topics. */
public final class ProgressFixtures {

    private final PostgresSupport.Database database;

    public ProgressFixtures(PostgresSupport.Database database) {
        this.database = database;
    }

    public UUID publishedCourse(String title, String trainerId) {
        UUID course = UUID.randomUUID();
        publish(new CoursePublished(new CourseSnapshot(course, trainerId, title, "FREINAGE", "INTERMEDIAIRE", 49000, "EUR", 120,
                "PUBLISHED", 3, List.of("FREINAGE")), Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.count("SELECT count(*) FROM course WHERE course_id = '" + course + "'") == 1);
        return course;
    }

    public UUID lesson(UUID course, String kind, int modulePosition, int position, Double durationSeconds) {
        UUID lesson = UUID.randomUUID();
        publish(new LessonPublished(lesson, course, UUID.randomUUID(), kind + " " + position, kind, position, durationSeconds,
                Instant.now(), modulePosition));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> database.count("SELECT count(*) FROM lesson WHERE lesson_id = '" + lesson + "'") == 1);
        return lesson;
    }

    public UUID enrolledLearner(UUID course) {
        UUID learner = UUID.randomUUID();
        enrol(learner, course);
        return learner;
    }

    public void enrol(UUID learner, UUID course) {
        publish(new EnrolmentGranted(course, learner, "FREE", null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM course_access WHERE learner_id = '"
                + learner + "' AND course_id = '" + course + "'") == 1);
    }

    public static void publish(DomainEvent event) {
        var descriptor = EventCatalog.of(event.getClass());
        KafkaSupport.sendCloudEvent(descriptor.topic(), event.subject(), UUID.randomUUID().toString(), descriptor.type(),
                "/catalog-service", EventJson.write(event));
    }
}
