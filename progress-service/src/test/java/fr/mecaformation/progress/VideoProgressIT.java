package fr.mecaformation.progress;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import fr.mecaformation.testsupport.TestClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Video progress against real PostgreSQL and Kafka; the catalog speaks through its events, and the server's clock is
 * one the test moves, so "ten seconds of watching" takes no ten seconds.
 */
// a developer's configuration: throw-away signing keys (no key is configured here)
@ActiveProfiles("local")
@SpringBootTest
class VideoProgressIT {

    static final TestClock CLOCK = new TestClock();
    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> completions;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "progress-service");
    }

    @TestConfiguration
    static class MovableTime {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;
    ProgressFixtures catalog;

    @BeforeAll
    static void readTopic() {
        completions = KafkaSupport.consumerFromBeginning(CompletionEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        completions.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(30)).build();
        catalog = new ProgressFixtures(database);
    }

    @Test
    void watching_ninety_percent_completes_the_lesson_once_and_the_last_lesson_completes_the_course() {
        UUID course = catalog.publishedCourse("Freinage : disques et plaquettes", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 100.0);
        UUID reading = catalog.lesson(course, "READING", 1, 2, null);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        Instant start = CLOCK.instant();

        Map<?, ?> last = null;
        for (int second = 0; second <= 80; second += 10) {
            last = heartbeat(learner, video, session, second, true, 1.0, start.plusSeconds(second)).expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            CLOCK.advance(Duration.ofSeconds(10));
        }
        assertThat(last.get("percent")).isEqualTo(80);
        assertThat(last.get("completed")).isEqualTo(false);
        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, learner.toString())).isZero();

        last = heartbeat(learner, video, session, 90, true, 1.0, start.plusSeconds(90)).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(last.get("percent")).isEqualTo(90);
        assertThat(last.get("completed")).isEqualTo(true);
        // watching on and replaying changes nothing more
        for (int second = 100; second >= 90; second -= 10) {
            CLOCK.advance(Duration.ofSeconds(10));
            heartbeat(learner, video, session, Math.min(second, 100), true, 1.0, start.plusSeconds(second)).expectStatus().isOk();
        }

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(completions,
                record -> learner.toString().equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(EventSchemas.violations(EventCatalog.of(LessonCompleted.class), events.get(0).value())).isEmpty();
        LessonCompleted completed = EventJson.read(events.get(0).value(), LessonCompleted.class);
        assertThat(completed.lessonId()).isEqualTo(video);
        assertThat(completed.watchedSeconds()).isEqualTo(90.0);
        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, learner.toString()))
                .as("LessonCompleted is published once").isEqualTo(1);

        // a reading lesson is marked done; it was the last one, so the course is complete, once
        asLearner(learner).post().uri("/api/progress/lessons/{id}/completion", video).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
        asLearner(learner).post().uri("/api/progress/lessons/{id}/completion", reading).exchange().expectStatus().isOk();
        asLearner(learner).post().uri("/api/progress/lessons/{id}/completion", reading).exchange().expectStatus().isOk();
        List<ConsumerRecord<String, byte[]>> after = KafkaSupport.awaitRecords(completions,
                record -> learner.toString().equals(record.key()), 2, Duration.ofSeconds(20));
        assertThat(after).extracting(record -> KafkaSupport.header(record, "ce_type"))
                .containsExactly(EventCatalog.of(LessonCompleted.class).type(), EventCatalog.of(CourseCompleted.class).type());
        CourseCompleted courseCompleted = EventJson.read(after.get(1).value(), CourseCompleted.class);
        assertThat(courseCompleted.courseTitle()).isEqualTo("Freinage : disques et plaquettes");
        assertThat(courseCompleted.lessonCount()).isEqualTo(2);
        // the video's LessonCompleted, the reading's (marked done twice: once), the course's
        assertThat(OutboxRows.types(database, CompletionEvents.TOPIC, learner.toString()))
                .containsExactly(EventCatalog.of(LessonCompleted.class).type(), EventCatalog.of(LessonCompleted.class).type(),
                        EventCatalog.of(CourseCompleted.class).type());

        asLearner(learner).get().uri("/api/progress/courses/{id}", course).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.percent").isEqualTo(100)
                .jsonPath("$.lessons[0].lessonId").isEqualTo(video.toString())
                .jsonPath("$.lessons[0].completed").isEqualTo(true)
                .jsonPath("$.nextLessonId").doesNotExist();
        asLearner(UUID.randomUUID()).get().uri("/api/progress/courses/{id}", course).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void seeking_to_the_end_too_fast_positions_and_replays_complete_nothing() {
        UUID course = catalog.publishedCourse("Géométrie des trains roulants", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 100.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        Instant start = CLOCK.instant();

        // seek: 0 → 95 in ten seconds
        heartbeat(learner, video, session, 0, true, 1.0, start).expectStatus().isOk();
        CLOCK.advance(Duration.ofSeconds(10));
        assertEffect(heartbeat(learner, video, session, 95, true, 1.0, start.plusSeconds(10)), "NOT_CREDITED", 0);

        // positions racing ahead of the clock: 30 s of video every 10 s at normal speed
        UUID fast = UUID.randomUUID();
        Instant fastStart = CLOCK.instant();
        for (int step = 0; step < 4; step++) {
            heartbeat(learner, video, fast, step * 30, true, 1.0, fastStart.plusSeconds(step * 10L)).expectStatus().isOk();
            CLOCK.advance(Duration.ofSeconds(10));
        }
        // a device clock running ahead of the server's: it claims 10 s passed where the server saw 1 s
        UUID skewed = UUID.randomUUID();
        Instant skewedStart = CLOCK.instant();
        for (int step = 0; step < 4; step++) {
            heartbeat(learner, video, skewed, step * 10, true, 1.0, skewedStart.plusSeconds(step * 10L)).expectStatus().isOk();
            CLOCK.advance(Duration.ofSeconds(1));
        }
        // paused player: positions don't move on their own, but a paused heartbeat followed by a jump credits nothing
        UUID paused = UUID.randomUUID();
        Instant pausedStart = CLOCK.instant();
        heartbeat(learner, video, paused, 0, false, 1.0, pausedStart).expectStatus().isOk();
        CLOCK.advance(Duration.ofSeconds(10));
        assertEffect(heartbeat(learner, video, paused, 10, true, 1.0, pausedStart.plusSeconds(10)), "NOT_CREDITED", 0);

        // an honest 10 s, then the same heartbeat replayed five times
        CLOCK.advance(Duration.ofSeconds(10));
        assertEffect(heartbeat(learner, video, paused, 20, true, 1.0, pausedStart.plusSeconds(20)), "CREDITED", 10);
        for (int replay = 0; replay < 5; replay++) {
            CLOCK.advance(Duration.ofSeconds(10));
            assertEffect(heartbeat(learner, video, paused, 20, true, 1.0, pausedStart.plusSeconds(20)), "IGNORED", 10);
        }
        assertThat(database.count("SELECT count(*) FROM lesson_progress WHERE learner_id = '" + learner
                + "' AND completed_at IS NOT NULL")).isZero();
        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, learner.toString())).isZero();
    }

    @Test
    void double_speed_counts_double_but_no_faster() {
        UUID course = catalog.publishedCourse("Injection diesel", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 600.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        Instant start = CLOCK.instant();
        heartbeat(learner, video, session, 0, true, 2.0, start).expectStatus().isOk();
        CLOCK.advance(Duration.ofSeconds(10));
        assertEffect(heartbeat(learner, video, session, 20, true, 2.0, start.plusSeconds(10)), "CREDITED", 20);
        CLOCK.advance(Duration.ofSeconds(10));
        assertEffect(heartbeat(learner, video, session, 60, true, 2.0, start.plusSeconds(20)), "NOT_CREDITED", 20);
    }

    @Test
    void bad_heartbeats_are_refused_with_a_problem_and_change_nothing() {
        UUID course = catalog.publishedCourse("Climatisation", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 100.0);
        UUID reading = catalog.lesson(course, "READING", 1, 2, null);
        UUID learner = catalog.enrolledLearner(course);
        String session = UUID.randomUUID().toString();
        String now = CLOCK.instant().toString();
        for (String body : List.of(
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":-1,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":NaN,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":\"NaN\",\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":1e308,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":1e400,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":150,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":10,\"playing\":true,\"playbackRate\":16,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":10,\"playing\":true,\"playbackRate\":0,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":10,\"playing\":true,\"playbackRate\":1,\"clientAt\":\""
                        + CLOCK.instant().plus(Duration.ofHours(1)) + "\"}",
                "{\"sessionId\":\"pas-un-uuid\",\"positionSeconds\":10,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"positionSeconds\":10,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now + "\"}",
                "{\"sessionId\":\"" + session + "\",\"positionSeconds\":10,\"playing\":true,\"playbackRate\":1,\"clientAt\":\"" + now
                        + "\",\"watchedSeconds\":100}",
                "[]")) {
            asLearner(learner).post().uri("/api/progress/lessons/{id}/heartbeat", video).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").exists().jsonPath("$.trace").doesNotExist();
        }
        assertThat(database.count("SELECT count(*) FROM lesson_progress WHERE learner_id = '" + learner + "'")).isZero();

        heartbeat(UUID.randomUUID(), video, UUID.fromString(session), 10, true, 1, CLOCK.instant()).expectStatus().isForbidden();
        heartbeat(learner, UUID.randomUUID(), UUID.fromString(session), 10, true, 1, CLOCK.instant()).expectStatus().isNotFound();
        heartbeat(learner, reading, UUID.fromString(session), 10, true, 1, CLOCK.instant()).expectStatus().isEqualTo(HttpStatus.CONFLICT);
        client.post().uri("/api/progress/lessons/{id}/heartbeat", video).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionId", session, "positionSeconds", 1, "playing", true, "playbackRate", 1, "clientAt", now))
                .exchange().expectStatus().isUnauthorized();
        assertThat(database.count("SELECT count(*) FROM lesson_progress WHERE lesson_id IN ('" + video + "', '" + reading + "')"))
                .as("no row for refused heartbeats, whoever sent them").isZero();
    }

    @Test
    void resume_follows_the_latest_device_and_an_erased_account_leaves_only_counts() {
        UUID course = catalog.publishedCourse("Boîtes de vitesses", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 300.0);
        UUID learner = catalog.enrolledLearner(course);
        Instant start = CLOCK.instant();
        heartbeat(learner, video, UUID.randomUUID(), 42, false, 1, start).expectStatus().isOk();
        heartbeat(learner, video, UUID.randomUUID(), 120, false, 1, start.plusSeconds(30)).expectStatus().isOk();
        heartbeat(learner, video, UUID.randomUUID(), 60, false, 1, start.plusSeconds(20)).expectStatus().isOk();
        asLearner(learner).get().uri("/api/progress/me/resume").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.lessonId").isEqualTo(video.toString())
                .jsonPath("$.positionSeconds").isEqualTo(120.0)
                .jsonPath("$.courseTitle").isEqualTo("Boîtes de vitesses");
        asLearner(UUID.randomUUID()).get().uri("/api/progress/me/resume").exchange().expectStatus().isNotFound();
        asLearner(learner).get().uri("/api/progress/me/courses").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].courseId").isEqualTo(course.toString());

        ProgressFixtures.publish(new UserDeleted(learner, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM lesson_progress WHERE learner_id = '" + learner + "'") == 0);
        assertThat(database.count("SELECT count(*) FROM course_access WHERE learner_id = '" + learner + "'")).isZero();
    }

    @Test
    void a_revoked_enrolment_stops_heartbeats_at_once_though_permissions_are_remembered() {
        UUID course = catalog.publishedCourse("Hybrides et électriques : habilitation", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 200.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        heartbeat(learner, video, session, 0, true, 1, CLOCK.instant()).expectStatus().isOk();

        ProgressFixtures.publish(new EnrolmentRevoked(course, learner, "REFUND", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM course_access WHERE learner_id = '"
                + learner + "'") == 0);
        CLOCK.advance(Duration.ofSeconds(5));
        heartbeat(learner, video, session, 5, true, 1, CLOCK.instant()).expectStatus().isForbidden();
    }

    @Test
    void trainers_follow_their_cohorts_learners_and_nobody_elses() {
        UUID course = catalog.publishedCourse("Diagnostic OBD et multiplexage", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 100.0);
        UUID followed = catalog.enrolledLearner(course);
        UUID notFollowed = catalog.enrolledLearner(course);
        UUID trainer = UUID.randomUUID();
        UUID otherTrainer = UUID.randomUUID();
        UUID cohort = UUID.randomUUID();
        for (int delivery = 0; delivery < 2; delivery++) {
            ProgressFixtures.publish(new CohortMemberAdded(cohort, "CAP MV 2026 – Lyon", trainer, followed, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM cohort_member WHERE cohort_id = '" + cohort + "'") == 1);
        UUID session = UUID.randomUUID();
        Instant start = CLOCK.instant();
        for (int second = 0; second <= 20; second += 10) {
            heartbeat(followed, video, session, second, true, 1, start.plusSeconds(second)).expectStatus().isOk();
            CLOCK.advance(Duration.ofSeconds(10));
        }
        heartbeat(notFollowed, video, UUID.randomUUID(), 0, true, 1, CLOCK.instant()).expectStatus().isOk();

        as(trainer, "trainer").get().uri("/api/progress/trainer/learners").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].learnerId").isEqualTo(followed.toString())
                .jsonPath("$[0].cohorts").isEqualTo("CAP MV 2026 – Lyon")
                .jsonPath("$[0].courses[0].courseId").isEqualTo(course.toString());
        as(trainer, "trainer").get().uri("/api/progress/trainer/learners/{learner}/courses/{course}", followed, course).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.lessons[0].percent").isEqualTo(20);
        as(trainer, "trainer").get().uri("/api/progress/trainer/learners/{learner}/courses/{course}", notFollowed, course).exchange()
                .expectStatus().isNotFound();
        as(otherTrainer, "trainer").get().uri("/api/progress/trainer/learners").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(0);
        as(otherTrainer, "trainer").get().uri("/api/progress/trainer/learners/{learner}/courses/{course}", followed, course).exchange()
                .expectStatus().isNotFound();
        asLearner(followed).get().uri("/api/progress/trainer/learners").exchange().expectStatus().isForbidden();
    }

    private void assertEffect(WebTestClient.ResponseSpec response, String effect, double watchedSeconds) {
        response.expectStatus().isOk().expectBody()
                .jsonPath("$.effect").isEqualTo(effect)
                .jsonPath("$.watchedSeconds").isEqualTo(watchedSeconds);
    }

    private WebTestClient.ResponseSpec heartbeat(UUID learner, UUID lesson, UUID session, double position, boolean playing,
                                                 double rate, Instant clientAt) {
        return asLearner(learner).post().uri("/api/progress/lessons/{id}/heartbeat", lesson)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sessionId", session, "positionSeconds", position, "playing", playing, "playbackRate", rate,
                        "clientAt", clientAt.toString()))
                .exchange();
    }

    private WebTestClient asLearner(UUID learner) {
        return as(learner, "student");
    }

    private WebTestClient as(UUID subject, String role) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role)));
    }
}
