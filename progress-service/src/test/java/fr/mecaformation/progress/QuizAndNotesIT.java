package fr.mecaformation.progress;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.EnrolmentEvents;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.events.progress.QuizEvents;
import fr.mecaformation.events.progress.QuizSubmitted;
import fr.mecaformation.progress.application.Notes;
import fr.mecaformation.progress.application.Quizzes;
import fr.mecaformation.progress.domain.GivenAnswer;
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
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Quizzes and notes against real PostgreSQL and Kafka: courses, lessons and enrolments arrive as the catalog's events,
 * results leave as QuizSubmitted and LessonCompleted through the outbox.
 */
// a developer's configuration: throw-away signing keys (no key is configured here)
@ActiveProfiles("local")
@SpringBootTest
class QuizAndNotesIT {

    static final String QUIZ_SUBMITTED = EventCatalog.of(QuizSubmitted.class).type();
    /** The service's clock: cool-downs pass when the test says so, not after a sleep. */
    static final TestClock CLOCK = new TestClock();

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> quizTopic;
    static KafkaConsumer<String, byte[]> completionTopic;

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
    @Autowired
    Quizzes quizzes;
    @Autowired
    Notes notes;

    WebTestClient client;

    @BeforeAll
    static void readTopics() {
        quizTopic = KafkaSupport.consumerFromBeginning(QuizEvents.TOPIC);
        completionTopic = KafkaSupport.consumerFromBeginning(CompletionEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        quizTopic.close();
        completionTopic.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    // ---------------------------------------------------------------- quizzes

    @Test
    void no_answer_leaves_the_server_before_submission_and_a_pass_completes_the_lesson_once() {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition quiz = define(course, fullQuiz(70, 3, 600));

        // the trainer sees the answers; the learner sees none of them, anywhere in the answer
        assertThat(quiz.raw()).contains("\"correct\":true", "112.5", "EXPLICATION-COUPLE");
        String shown = as(learner, "student").get().uri("/api/progress/lessons/{id}/quiz", course.quizLesson()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(shown).contains("Couple de serrage des roues", "N·m", "Plaquettes", "Desserrer les écrous", "\"attemptsLeft\":3");
        assertThat(shown).doesNotContain("correct", "tolerance", "expected", "explanation", "EXPLICATION", "112.5", "2.5");
        JsonNode shownJson = EventJson.mapper().readTree(shown);
        List<String> shownSteps = new ArrayList<>();
        shownJson.get("questions").get(3).get("options").forEach(option -> shownSteps.add(option.get("id").asString()));
        assertThat(shownSteps).containsExactlyInAnyOrderElementsOf(quiz.optionIds(3)).isNotEqualTo(quiz.optionIds(3));
        as(learner, "student").get().uri("/api/progress/lessons/{id}/quiz/definition", course.quizLesson()).exchange()
                .expectStatus().isForbidden();

        // all right, numeric answer on the tolerance's lower bound
        UUID attemptId = UUID.randomUUID();
        List<Map<String, Object>> answers = List.of(quiz.choose(0, 0), quiz.choose(1, 1, 0), quiz.number(2, 110.0), quiz.order(3, 0, 1, 2, 3));
        JsonNode result = attempt(learner, course, attemptId, answers, HttpStatus.CREATED);
        assertThat(result.get("scorePercent").asInt()).isEqualTo(100);
        assertThat(result.get("passed").asBoolean()).isTrue();
        assertThat(result.get("replayed").asBoolean()).isFalse();
        JsonNode torque = result.get("feedback").get(2);
        assertThat(torque.get("expectedValue").asDouble()).isEqualTo(112.5);
        assertThat(torque.get("tolerance").asDouble()).isEqualTo(2.5);
        assertThat(torque.get("unit").asString()).isEqualTo("N·m");
        assertThat(torque.get("explanation").asString()).isEqualTo("EXPLICATION-COUPLE");

        List<ConsumerRecord<String, byte[]>> submitted = KafkaSupport.awaitRecords(quizTopic,
                record -> learner.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(submitted).hasSize(1);
        assertThat(KafkaSupport.header(submitted.get(0), "ce_type")).isEqualTo(QUIZ_SUBMITTED);
        assertThat(EventSchemas.violations(EventCatalog.of(QuizSubmitted.class), submitted.get(0).value())).isEmpty();
        QuizSubmitted event = EventJson.read(submitted.get(0).value(), QuizSubmitted.class);
        assertThat(event.attemptId()).isEqualTo(attemptId);
        assertThat(event.scorePercent()).isEqualTo(100);
        assertThat(event.passed()).isTrue();
        assertThat(event.attemptNumber()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> completed = KafkaSupport.awaitRecords(completionTopic,
                record -> learner.equals(record.key()), 1, Duration.ofSeconds(20));
        LessonCompleted lessonCompleted = EventJson.read(completed.get(0).value(), LessonCompleted.class);
        assertThat(lessonCompleted.lessonId()).isEqualTo(course.quizLesson());
        assertThat(lessonCompleted.kind()).isEqualTo("QUIZ");

        // the same attempt sent again (a retry, an offline replay): its first result, nothing new
        JsonNode replayed = attempt(learner, course, attemptId, List.of(quiz.order(3, 0, 1, 2, 3), quiz.number(2, 110),
                quiz.choose(1, 0, 1), quiz.choose(0, 0)), HttpStatus.OK);
        assertThat(replayed.get("replayed").asBoolean()).isTrue();
        assertThat(replayed.get("scorePercent").asInt()).isEqualTo(100);
        assertThat(replayed.get("submittedAt").asString()).isEqualTo(result.get("submittedAt").asString());
        // same id, other answers: refused
        attemptProblem(learner, course, attemptId, List.of(quiz.choose(0, 1), quiz.choose(1, 1, 0), quiz.number(2, 110.0),
                quiz.order(3, 0, 1, 2, 3)), HttpStatus.CONFLICT, "autres réponses");
        // passed: no more attempts
        attemptProblem(learner, course, UUID.randomUUID(), answers, HttpStatus.CONFLICT, "déjà réussi");

        assertThat(OutboxRows.countOnTopic(database, QuizEvents.TOPIC, learner)).as("no second QuizSubmitted").isEqualTo(1);
        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, learner)).as("no second LessonCompleted").isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isEqualTo(1);
    }

    @Test
    void each_question_type_is_scored_with_partial_credit_and_numbers_within_their_tolerance_bounds() {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition quiz = define(course, fullQuiz(70, 3, 0));

        // single wrong (0/2), multiple: one right and one wrong ticked (0/4), number just outside (0/2),
        // ordering with the first two steps swapped (5/6 of 6 points)
        JsonNode result = attempt(learner, course, UUID.randomUUID(), List.of(quiz.choose(0, 1), quiz.choose(1, 0, 2),
                quiz.number(2, 109.99), quiz.order(3, 1, 0, 2, 3)), HttpStatus.CREATED);
        assertThat(points(result)).containsExactly(0.0, 0.0, 0.0, 5.0);
        assertThat(result.get("earnedPoints").asDouble()).isEqualTo(5.0);
        assertThat(result.get("scorePercent").asInt()).isEqualTo(35);
        assertThat(result.get("passed").asBoolean()).isFalse();
        assertThat(result.get("feedback").get(1).get("expectedChoiceIds")).hasSize(2);
        assertThat(result.get("attemptsLeft").asInt()).isEqualTo(2);

        // single right (2), multiple: one of two right ticks (2/4), number on the upper bound (2), ordering reversed (0)
        result = attempt(learner, course, UUID.randomUUID(), List.of(quiz.choose(0, 0), quiz.choose(1, 0),
                quiz.number(2, 115), quiz.order(3, 3, 2, 1, 0)), HttpStatus.CREATED);
        assertThat(points(result)).containsExactly(2.0, 2.0, 2.0, 0.0);
        assertThat(result.get("scorePercent").asInt()).isEqualTo(42);

        // 115.01 is out, the rest right: 12 of 14 = 85 %
        result = attempt(learner, course, UUID.randomUUID(), List.of(quiz.choose(0, 0), quiz.choose(1, 0, 1),
                quiz.number(2, 115.01), quiz.order(3, 0, 1, 2, 3)), HttpStatus.CREATED);
        assertThat(points(result)).containsExactly(2.0, 4.0, 0.0, 6.0);
        assertThat(result.get("scorePercent").asInt()).isEqualTo(85);
        assertThat(result.get("passed").asBoolean()).isTrue();
    }

    @Test
    void a_failed_attempt_cools_down_and_attempts_run_out() throws Exception {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition quiz = define(course, fullQuiz(100, 2, 2));
        List<Map<String, Object>> wrong = List.of(quiz.choose(0, 1), quiz.choose(1, 2), quiz.number(2, 0), quiz.order(3, 3, 2, 1, 0));

        JsonNode first = attempt(learner, course, UUID.randomUUID(), wrong, HttpStatus.CREATED);
        assertThat(first.get("passed").asBoolean()).isFalse();
        assertThat(first.get("nextAttemptAt").isNull()).isFalse();

        as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", UUID.randomUUID(), "answers", wrong))
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", retry -> assertThat(Long.parseLong(retry)).isBetween(1L, 2L))
                .expectBody()
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("prochaine tentative possible dans"))
                .jsonPath("$.retryAfterSeconds").exists();
        String shown = as(learner, "student").get().uri("/api/progress/lessons/{id}/quiz", course.quizLesson()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(shown).contains("\"attemptsLeft\":1").doesNotContain("\"nextAttemptAt\":null");

        CLOCK.advance(Duration.ofMillis(2_100));
        JsonNode second = attempt(learner, course, UUID.randomUUID(), wrong, HttpStatus.CREATED);
        assertThat(second.get("attemptNumber").asInt()).isEqualTo(2);
        assertThat(second.get("attemptsLeft").asInt()).isZero();
        CLOCK.advance(Duration.ofMillis(2_100));
        attemptProblem(learner, course, UUID.randomUUID(), wrong, HttpStatus.CONFLICT, "2 tentatives");

        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isEqualTo(2);
        assertThat(KafkaSupport.awaitRecords(quizTopic, record -> learner.equals(record.key()), 2, Duration.ofSeconds(20)))
                .hasSize(2);
        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, learner)).as("a failed quiz completes nothing").isZero();
    }

    @Test
    void racing_submissions_score_one_attempt_and_answer_the_others_from_it() throws Exception {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition quiz = define(course, fullQuiz(100, 3, 600));
        List<Map<String, Object>> wrong = List.of(quiz.choose(0, 1), quiz.choose(1, 2), quiz.number(2, 0), quiz.order(3, 3, 2, 1, 0));

        // the same attempt sent four times at once (a flaky network): scored once
        UUID attemptId = UUID.randomUUID();
        List<CompletableFuture<HttpStatus>> same = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            same.add(CompletableFuture.supplyAsync(() -> status(learner, course, attemptId, wrong)));
        }
        assertThat(same.stream().map(CompletableFuture::join).toList())
                .containsExactlyInAnyOrder(HttpStatus.CREATED, HttpStatus.OK, HttpStatus.OK, HttpStatus.OK);
        // three different attempts at once while a cool-down is running: none gets through
        List<CompletableFuture<HttpStatus>> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(CompletableFuture.supplyAsync(() -> status(learner, course, UUID.randomUUID(), wrong)));
        }
        assertThat(others.stream().map(CompletableFuture::join).toList()).containsOnly(HttpStatus.CONFLICT);
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isEqualTo(1);
        assertThat(KafkaSupport.awaitRecords(quizTopic, record -> learner.equals(record.key()), 1, Duration.ofSeconds(20))).hasSize(1);
        assertThat(OutboxRows.countOnTopic(database, QuizEvents.TOPIC, learner)).isEqualTo(1);
    }

    private HttpStatus status(String learner, Course course, UUID attemptId, List<Map<String, Object>> answers) {
        return HttpStatus.valueOf(as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", attemptId, "answers", answers)).exchange()
                .returnResult(String.class).getStatus().value());
    }

    @Test
    void a_quiz_set_again_is_a_new_version_and_past_attempts_keep_theirs_and_still_count() {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition first = define(course, fullQuiz(100, 2, 0));
        UUID attemptId = UUID.randomUUID();
        List<Map<String, Object>> answers = List.of(first.choose(0, 1), first.choose(1, 0), first.number(2, 112.5),
                first.order(3, 0, 1, 2, 3));
        JsonNode scored = attempt(learner, course, attemptId, answers, HttpStatus.CREATED);
        assertThat(scored.get("quizVersion").asInt()).isEqualTo(1);

        Definition second = define(course, fullQuiz(50, 2, 0));
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        as(learner, "student").get().uri("/api/progress/lessons/{id}/quiz", course.quizLesson()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.quizVersion").isEqualTo(2)
                .jsonPath("$.attemptsLeft").isEqualTo(1)
                .jsonPath("$.attempts[0].quizVersion").isEqualTo(1);
        // the old attempt, sent again, still answers its own version's result
        JsonNode replayed = attempt(learner, course, attemptId, answers, HttpStatus.OK);
        assertThat(replayed.get("quizVersion").asInt()).isEqualTo(1);
        assertThat(replayed.get("scorePercent").asInt()).isEqualTo(scored.get("scorePercent").asInt());
        // answers made on version 1 (offline, say) are refused rather than scored against version 2
        as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("attemptId", UUID.randomUUID(), "quizVersion", 1, "answers", answers)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("a changé"));
        as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", UUID.randomUUID(), "answers", answers))
                .exchange().expectStatus().isBadRequest();
        JsonNode onSecond = attempt(learner, course, UUID.randomUUID(), List.of(second.choose(0, 0), second.choose(1, 0, 1),
                second.number(2, 112.5), second.order(3, 0, 1, 2, 3)), HttpStatus.CREATED);
        assertThat(onSecond.get("quizVersion").asInt()).isEqualTo(2);
        assertThat(onSecond.get("attemptNumber").asInt()).isEqualTo(2);
        assertThat(onSecond.get("passed").asBoolean()).isTrue();
    }

    @Test
    void only_enrolled_learners_answer_and_only_the_course_trainer_or_an_admin_sets_the_quiz() {
        Course course = course();
        String outsider = UUID.randomUUID().toString();
        define(course, fullQuiz(70, 3, 0));

        as(outsider, "student").get().uri("/api/progress/lessons/{id}/quiz", course.quizLesson()).exchange()
                .expectStatus().isForbidden();
        as(outsider, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", UUID.randomUUID(), "answers", List.of()))
                .exchange().expectStatus().isForbidden();
        as(outsider, "student").get().uri("/api/progress/lessons/{id}/notes", course.videoLesson()).exchange()
                .expectStatus().isForbidden();
        as(outsider, "student").get().uri("/api/progress/lessons/{id}/quiz", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();

        Map<String, Object> body = fullQuiz(50, 3, 0);
        as(UUID.randomUUID().toString(), "trainer").put().uri("/api/progress/lessons/{id}/quiz", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isForbidden();
        as(outsider, "student").put().uri("/api/progress/lessons/{id}/quiz", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isForbidden();
        as(UUID.randomUUID().toString(), "admin").put().uri("/api/progress/lessons/{id}/quiz", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(2);
        as(course.trainer(), "trainer").put().uri("/api/progress/lessons/{id}/quiz", course.videoLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        assertThat(database.count("SELECT count(*) FROM quiz_version WHERE lesson_id = '" + course.quizLesson() + "'")).isEqualTo(2);
    }

    @Test
    void bad_quiz_definitions_and_bad_answers_are_refused_in_french_and_nothing_is_stored() {
        Course course = course();
        String learner = enrolledLearner(course);
        Map<String, Object> noRightChoice = fullQuiz(70, 3, 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> questions = new ArrayList<>((List<Map<String, Object>>) noRightChoice.get("questions"));
        questions.set(0, Map.of("type", "SINGLE_CHOICE", "text", "Laquelle ?", "points", 1,
                "options", List.of(Map.of("text", "A", "correct", false), Map.of("text", "B", "correct", false))));
        questions.set(2, Map.of("type", "NUMERIC", "text", "Couple ?", "points", 1, "expected", 110, "tolerance", -5, "unit", "N·m"));
        noRightChoice.put("questions", questions);
        as(course.trainer(), "trainer").put().uri("/api/progress/lessons/{id}/quiz", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(noRightChoice).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://mecaformation.fr/problemes/requete-invalide")
                .jsonPath("$.errors[?(@.field == 'questions[0].options')]").exists()
                .jsonPath("$.errors[?(@.field == 'questions[2].tolerance')]").exists();
        assertThat(database.count("SELECT count(*) FROM quiz_version WHERE lesson_id = '" + course.quizLesson() + "'")).isZero();
        as(learner, "student").get().uri("/api/progress/lessons/{id}/quiz", course.quizLesson()).exchange()
                .expectStatus().isNotFound();

        Definition quiz = define(course, fullQuiz(70, 3, 0));
        String id = UUID.randomUUID().toString();
        String right0 = "{\"questionId\":\"" + quiz.questionId(0) + "\",\"choiceIds\":[\"" + quiz.optionIds(0).get(0) + "\"]}";
        String right1 = "{\"questionId\":\"" + quiz.questionId(1) + "\",\"choiceIds\":[\"" + quiz.optionIds(1).get(0) + "\"]}";
        String right3 = "{\"questionId\":\"" + quiz.questionId(3) + "\",\"order\":" + quiz.optionIdsJson(3) + "}";
        String torque = "{\"questionId\":\"" + quiz.questionId(2) + "\",\"value\":%s}";
        for (String bad : List.of(
                body(id, right0, right1, torque.formatted("\"NaN\""), right3),
                body(id, right0, right1, torque.formatted("1e400"), right3),
                body(id, right0, right1, torque.formatted("-1e300"), right3),
                body(id, right0, right1, right3),
                body(id, right0, right1, torque.formatted("110"), right3, torque.formatted("111")),
                body(id, right0, right1, "{\"questionId\":\"" + UUID.randomUUID() + "\",\"value\":110}", right3),
                body(id, right0, right1, "{\"questionId\":\"" + quiz.questionId(2) + "\",\"choiceIds\":[]}", right3),
                body(id, right0, "{\"questionId\":\"" + quiz.questionId(1) + "\",\"choiceIds\":[\"" + UUID.randomUUID() + "\"]}",
                        torque.formatted("110"), right3),
                body(id, right0, right1, torque.formatted("110"), "{\"questionId\":\"" + quiz.questionId(3) + "\",\"order\":[]}"),
                "{\"answers\":[" + right0 + "]}",
                "{\"attemptId\":\"pas-un-uuid\",\"answers\":[]}",
                "{\"attemptId\":\"" + id + "\",\"score\":100,\"answers\":[" + String.join(",", right0, right1, torque.formatted("110"), right3) + "]}")) {
            as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .as(bad).matches(".*[éèàçû].*|.*(Champ|Valeur|Paramètre|Requête|corps).*"));
        }
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE lesson_id = '" + course.quizLesson() + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE event_type = '" + QUIZ_SUBMITTED
                + "' AND subject = '" + learner + "'")).isZero();
        // and the same attempt id, now well formed, is accepted
        attempt(learner, course, UUID.fromString(id), List.of(quiz.choose(0, 0), quiz.choose(1, 0), quiz.number(2, 110),
                quiz.order(3, 0, 1, 2, 3)), HttpStatus.CREATED);
    }

    // ---------------------------------------------------------------- notes

    @Test
    void notes_are_private_versioned_and_their_html_is_sanitised() {
        Course course = course();
        String learner = enrolledLearner(course);
        String other = enrolledLearner(course);
        UUID noteId = UUID.randomUUID();
        String hostile = """
                **Couple** : 110 N·m <script>alert('vol')</script>
                <img src=x onerror="alert(1)"> [fiche](javascript:alert(2))

                <a href="javascript:alert(3)" onmouseover="alert(4)">ici</a>""";

        JsonNode created = json(as(learner, "student").post().uri("/api/progress/lessons/{id}/notes", course.videoLesson())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("noteId", noteId, "positionSeconds", 95.5, "markdown", hostile)).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody());
        assertThat(created.get("markdown").asString()).isEqualTo(hostile);
        assertThat(created.get("version").asLong()).isEqualTo(1);
        String html = created.get("html").asString();
        assertThat(html).contains("<strong>Couple</strong>");
        assertThat(html.toLowerCase()).doesNotContain("<script", "onerror", "onmouseover", "javascript:", "<img");
        // sent again (a retry): the same note, not a second one
        as(learner, "student").post().uri("/api/progress/lessons/{id}/notes", course.videoLesson())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("noteId", noteId, "positionSeconds", 95.5, "markdown", hostile)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(1);

        // invisible to anyone else
        as(other, "student").get().uri("/api/progress/notes/{id}", noteId).exchange().expectStatus().isNotFound();
        as(other, "student").put().uri("/api/progress/notes/{id}", noteId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "positionSeconds", 1, "markdown", "pris")).exchange().expectStatus().isNotFound();
        as(other, "student").delete().uri("/api/progress/notes/{id}", noteId).exchange().expectStatus().isNotFound();
        as(other, "student").get().uri("/api/progress/lessons/{id}/notes", course.videoLesson()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        as(other, "student").post().uri("/api/progress/lessons/{id}/notes", course.videoLesson())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("noteId", noteId, "positionSeconds", 95.5, "markdown", hostile)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);

        // edits carry their version: a stale one is refused with the current version, a replayed one is harmless
        as(learner, "student").put().uri("/api/progress/notes/{id}", noteId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "positionSeconds", 120, "markdown", "Serrer *en croix*")).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.html").isEqualTo("<p>Serrer <em>en croix</em></p>");
        as(learner, "student").put().uri("/api/progress/notes/{id}", noteId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "positionSeconds", 120, "markdown", "Serrer *en croix*")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.version").isEqualTo(2);
        as(learner, "student").put().uri("/api/progress/notes/{id}", noteId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("version", 1, "positionSeconds", 30, "markdown", "Version d'un autre appareil")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentVersion").isEqualTo(2)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("version actuelle 2"));

        // bad input: nothing stored
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("positionSeconds", 600.5, "markdown", "après la fin"),
                Map.<String, Object>of("positionSeconds", -1, "markdown", "avant le début"),
                Map.<String, Object>of("positionSeconds", 10, "markdown", "x".repeat(10_001)),
                Map.<String, Object>of("positionSeconds", 10, "markdown", "  "),
                Map.<String, Object>of("positionSeconds", 10),
                Map.<String, Object>of("positionSeconds", "NaN", "markdown", "pas un nombre"),
                Map.<String, Object>of("positionSeconds", 10, "markdown", "ok", "learnerId", other))) {
            as(learner, "student").post().uri("/api/progress/lessons/{id}/notes", course.videoLesson())
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(bad).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        as(learner, "student").put().uri("/api/progress/notes/{id}", noteId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("positionSeconds", 30, "markdown", "sans version")).exchange().expectStatus().isBadRequest();
        assertThat(database.count("SELECT count(*) FROM note WHERE learner_id = '" + learner + "'")).isEqualTo(1);

        as(learner, "student").get().uri("/api/progress/lessons/{id}/notes", course.videoLesson()).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].positionSeconds").isEqualTo(120.0);

        // delete (stale version refused), then gone for good; deleting again is harmless
        as(learner, "student").delete().uri("/api/progress/notes/{id}?version=1", noteId).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
        as(learner, "student").delete().uri("/api/progress/notes/{id}?version=2", noteId).exchange().expectStatus().isNoContent();
        as(learner, "student").delete().uri("/api/progress/notes/{id}", noteId).exchange().expectStatus().isNoContent();
        as(learner, "student").get().uri("/api/progress/notes/{id}", noteId).exchange().expectStatus().isNotFound();
        assertThat(database.scalar("SELECT markdown FROM note WHERE note_id = '" + noteId + "'")).isEmpty();
    }

    // ---------------------------------------------------------------- offline methods and erasure

    @Test
    void offline_note_changes_and_quiz_attempts_answer_one_outcome_each_and_replays_change_nothing() {
        Course course = course();
        UUID learner = UUID.fromString(enrolledLearner(course));
        UUID lesson = course.videoLesson();
        UUID noteId = UUID.randomUUID();
        Notes.NoteChange create = new Notes.NoteChange(noteId, Notes.NoteChange.Kind.CREATE, lesson, null, 12.0, "Bruit au freinage");
        Notes.NoteChange edit = new Notes.NoteChange(noteId, Notes.NoteChange.Kind.UPDATE, lesson, 1L, 14.0, "Bruit : plaquettes");

        assertThat(notes.applyOffline(learner, create).block().status()).isEqualTo(Notes.NoteOutcome.Status.APPLIED);
        assertThat(notes.applyOffline(learner, create).block().status()).isEqualTo(Notes.NoteOutcome.Status.UNCHANGED);
        Notes.NoteOutcome edited = notes.applyOffline(learner, edit).block();
        assertThat(edited.status()).isEqualTo(Notes.NoteOutcome.Status.APPLIED);
        assertThat(edited.version()).isEqualTo(2);
        assertThat(notes.applyOffline(learner, edit).block().status()).isEqualTo(Notes.NoteOutcome.Status.UNCHANGED);
        Notes.NoteOutcome stale = notes.applyOffline(learner,
                new Notes.NoteChange(noteId, Notes.NoteChange.Kind.UPDATE, lesson, 1L, 3.0, "autre appareil")).block();
        assertThat(stale.status()).isEqualTo(Notes.NoteOutcome.Status.CONFLICT);
        assertThat(stale.version()).isEqualTo(2);
        assertThat(notes.applyOffline(learner, new Notes.NoteChange(noteId, Notes.NoteChange.Kind.UPDATE, lesson, 2L, 9999.0, "trop loin"))
                .block().status()).isEqualTo(Notes.NoteOutcome.Status.REJECTED);
        Notes.NoteChange delete = new Notes.NoteChange(noteId, Notes.NoteChange.Kind.DELETE, lesson, 2L, null, null);
        assertThat(notes.applyOffline(learner, delete).block().status()).isEqualTo(Notes.NoteOutcome.Status.APPLIED);
        assertThat(notes.applyOffline(learner, delete).block().status()).isEqualTo(Notes.NoteOutcome.Status.UNCHANGED);
        assertThat(notes.applyOffline(learner, create).block().status()).as("a late create does not revive it")
                .isEqualTo(Notes.NoteOutcome.Status.CONFLICT);
        // a delete that arrives before its create leaves a tombstone
        UUID early = UUID.randomUUID();
        assertThat(notes.applyOffline(learner, new Notes.NoteChange(early, Notes.NoteChange.Kind.DELETE, lesson, null, null, null))
                .block().status()).isEqualTo(Notes.NoteOutcome.Status.APPLIED);
        assertThat(notes.applyOffline(learner, new Notes.NoteChange(early, Notes.NoteChange.Kind.CREATE, lesson, null, 1.0, "tard"))
                .block().status()).isEqualTo(Notes.NoteOutcome.Status.CONFLICT);
        assertThat(notes.applyOffline(UUID.randomUUID(), edit).block().status()).isEqualTo(Notes.NoteOutcome.Status.NOT_FOUND);
        assertThat(database.count("SELECT count(*) FROM note WHERE learner_id = '" + learner + "' AND deleted_at IS NULL")).isZero();

        Definition quiz = define(course, fullQuiz(100, 3, 600));
        UUID attemptId = UUID.randomUUID();
        List<GivenAnswer> wrong = List.of(quiz.given(0, 1), new GivenAnswer(UUID.fromString(quiz.questionId(1)), List.of(), null, null),
                new GivenAnswer(UUID.fromString(quiz.questionId(2)), null, 1.0, null), quiz.givenOrder(3, 3, 2, 1, 0));
        Quizzes.AttemptOutcome scored = quizzes.submitOffline(learner, course.quizLesson(), attemptId, wrong).block();
        assertThat(scored.status()).isEqualTo(Quizzes.AttemptOutcome.Status.SCORED);
        assertThat(scored.result().scorePercent()).isZero();
        Quizzes.AttemptOutcome replayed = quizzes.submitOffline(learner, course.quizLesson(), attemptId, wrong).block();
        assertThat(replayed.status()).isEqualTo(Quizzes.AttemptOutcome.Status.REPLAYED);
        assertThat(replayed.result().submittedAt()).isEqualTo(scored.result().submittedAt());
        Quizzes.AttemptOutcome cooling = quizzes.submitOffline(learner, course.quizLesson(), UUID.randomUUID(), wrong).block();
        assertThat(cooling.status()).isEqualTo(Quizzes.AttemptOutcome.Status.COOLING_DOWN);
        assertThat(cooling.retryAfterSeconds()).isBetween(590L, 600L);
        Quizzes.AttemptOutcome rejected = quizzes.submitOffline(learner, course.quizLesson(), UUID.randomUUID(), wrong.subList(0, 2)).block();
        assertThat(rejected.status()).isEqualTo(Quizzes.AttemptOutcome.Status.REJECTED);
        assertThat(rejected.errors()).isNotEmpty();
        assertThat(quizzes.submitOffline(learner, course.quizLesson(), attemptId, wrong.subList(0, 2)).block().status())
                .isEqualTo(Quizzes.AttemptOutcome.Status.CONFLICT);
        assertThat(quizzes.submitOffline(UUID.randomUUID(), course.quizLesson(), UUID.randomUUID(), wrong).block().status())
                .isEqualTo(Quizzes.AttemptOutcome.Status.FORBIDDEN);
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isEqualTo(1);
    }

    @Test
    void notes_and_quiz_answers_made_offline_arrive_through_the_sync_endpoint_once_whatever_the_order() {
        Course course = course();
        String learner = enrolledLearner(course);
        Definition quiz = define(course, fullQuiz(100, 3, 600));
        UUID noteId = UUID.randomUUID();
        UUID attemptId = UUID.randomUUID();
        List<Map<String, Object>> answers = List.of(quiz.choose(0, 1), quiz.choose(1), quiz.number(2, 1.0), quiz.order(3, 3, 2, 1, 0));
        // the edit was queued after the creation, but the PWA sends its queue in any order
        List<Map<String, Object>> items = List.of(
                Map.of("type", "NOTE", "clientId", "note-edit", "noteId", noteId, "action", "UPDATE", "lessonId", course.videoLesson(),
                        "baseVersion", 1, "positionSeconds", 30.0, "markdown", "Voile du **disque** : mesurer au comparateur"),
                Map.of("type", "NOTE", "clientId", "note-create", "noteId", noteId, "action", "CREATE", "lessonId", course.videoLesson(),
                        "positionSeconds", 25.0, "markdown", "Voile du disque"),
                Map.of("type", "QUIZ_ATTEMPT", "clientId", "quiz-1", "lessonId", course.quizLesson(), "attemptId", attemptId,
                        "answers", answers),
                Map.of("type", "NOTE", "clientId", "note-bad", "noteId", UUID.randomUUID(), "action", "CREATE",
                        "lessonId", course.videoLesson(), "positionSeconds", 9_999.0, "markdown", "après la fin"));
        for (int send = 1; send <= 2; send++) {
            WebTestClient.BodyContentSpec body = as(learner, "student").post().uri("/api/progress/sync")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("items", items)).exchange()
                    .expectStatus().isOk().expectBody()
                    .jsonPath("$.results[3].status").isEqualTo("REJECTED")
                    .jsonPath("$.results[3].code").isEqualTo("INVALID");
            if (send == 1) {
                body.jsonPath("$.applied").isEqualTo(3)
                        .jsonPath("$.results[0].result.version").isEqualTo(2)
                        .jsonPath("$.results[2].result.scorePercent").isEqualTo(0)
                        .jsonPath("$.results[2].result.passed").isEqualTo(false);
            } else {
                body.jsonPath("$.duplicates").isEqualTo(3);
            }
        }
        assertThat(database.scalar("SELECT markdown || ' v' || version FROM note WHERE note_id = '" + noteId + "'"))
                .isEqualTo("Voile du **disque** : mesurer au comparateur v2");
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isEqualTo(1);
    }

    @Test
    void user_deleted_twice_erases_the_learners_notes_and_keeps_their_attempts_without_them() throws Exception {
        JsonNode sample;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("samples/identity/user-deleted.v1.json")) {
            sample = EventJson.mapper().readTree(in);
        }
        String learner = sample.get("data").get("userId").asString();
        Course course = course();
        enrol(learner, course);
        Definition quiz = define(course, fullQuiz(70, 3, 0));
        attempt(learner, course, UUID.randomUUID(), List.of(quiz.choose(0, 0), quiz.choose(1, 0, 1), quiz.number(2, 112),
                quiz.order(3, 0, 1, 2, 3)), HttpStatus.CREATED);
        as(learner, "student").post().uri("/api/progress/lessons/{id}/notes", course.videoLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("positionSeconds", 5, "markdown", "Mes mots à moi"))
                .exchange().expectStatus().isCreated();

        for (int delivery = 0; delivery < 2; delivery++) {
            KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner, sample.get("id").asString(), sample.get("type").asString(),
                    sample.get("source").asString(), EventJson.mapper().writeValueAsBytes(sample.get("data")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("SELECT count(*) FROM note WHERE learner_id = '" + learner + "'") == 0);
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM quiz_attempt WHERE learner_id IS NULL AND lesson_id = '"
                + course.quizLesson() + "' AND passed")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> database.count(
                "SELECT count(*) FROM platform.processed_event WHERE event_id = '" + sample.get("id").asString() + "'") == 1);
    }

    // ---------------------------------------------------------------- fixtures

    record Course(UUID courseId, String trainer, UUID quizLesson, UUID videoLesson) {
    }

    /** A published course of its trainer with a quiz lesson and a 10-minute video, as the catalog announces them. */
    private Course course() {
        Course course = new Course(UUID.randomUUID(), UUID.randomUUID().toString(), UUID.randomUUID(), UUID.randomUUID());
        CoursePublished published = new CoursePublished(new CourseSnapshot(course.courseId(), course.trainer(),
                "Freinage : entretien", "FREINAGE", "DEBUTANT", 0, "EUR", 60, "PUBLISHED", 1, List.of()), Instant.now());
        KafkaSupport.sendCloudEvent(CourseEvents.TOPIC, course.courseId().toString(), UUID.randomUUID().toString(),
                EventCatalog.of(CoursePublished.class).type(), "/catalog-service", EventJson.write(published));
        UUID module = UUID.randomUUID();
        lesson(new LessonPublished(course.videoLesson(), course.courseId(), module, "Remplacer les plaquettes", "VIDEO", 1,
                600.0, Instant.now(), 1));
        lesson(new LessonPublished(course.quizLesson(), course.courseId(), module, "Quiz : freinage", "QUIZ", 2,
                null, Instant.now(), 1));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("SELECT count(*) FROM lesson WHERE course_id = '" + course.courseId() + "'") == 2
                        && database.count("SELECT count(*) FROM course WHERE course_id = '" + course.courseId() + "'") == 1);
        return course;
    }

    private static void lesson(LessonPublished lesson) {
        KafkaSupport.sendCloudEvent(LessonEvents.TOPIC, lesson.lessonId().toString(), UUID.randomUUID().toString(),
                EventCatalog.of(LessonPublished.class).type(), "/catalog-service", EventJson.write(lesson));
    }

    private String enrolledLearner(Course course) {
        String learner = UUID.randomUUID().toString();
        enrol(learner, course);
        return learner;
    }

    private void enrol(String learner, Course course) {
        EnrolmentGranted granted = new EnrolmentGranted(course.courseId(), UUID.fromString(learner), "FREE", null, Instant.now());
        KafkaSupport.sendCloudEvent(EnrolmentEvents.TOPIC, learner, UUID.randomUUID().toString(),
                EventCatalog.of(EnrolmentGranted.class).type(), "/catalog-service", EventJson.write(granted));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM course_access WHERE learner_id = '"
                + learner + "' AND course_id = '" + course.courseId() + "'") == 1);
    }

    /** Single choice (2 pts), multiple choice (4), a torque of 112.5 ± 2.5 N·m (2), four steps to order (6). */
    private static Map<String, Object> fullQuiz(int passMark, int maxAttempts, long cooldownSeconds) {
        Map<String, Object> quiz = new HashMap<>();
        quiz.put("passMarkPercent", passMark);
        quiz.put("maxAttempts", maxAttempts);
        quiz.put("cooldownSeconds", cooldownSeconds);
        quiz.put("questions", List.of(
                Map.of("type", "SINGLE_CHOICE", "text", "Quel liquide pour un circuit de freinage récent ?", "points", 2,
                        "explanation", "EXPLICATION-LIQUIDE",
                        "options", List.of(option("DOT 4", true), option("LHM", false))),
                Map.of("type", "MULTIPLE_CHOICE", "text", "Pièces d'usure du freinage ?", "points", 4,
                        "explanation", "EXPLICATION-USURE",
                        "options", List.of(option("Plaquettes", true), option("Disques", true), option("Essuie-glaces", false),
                                option("Autoradio", false))),
                Map.of("type", "NUMERIC", "text", "Couple de serrage des roues ?", "points", 2,
                        "explanation", "EXPLICATION-COUPLE", "expected", 112.5, "tolerance", 2.5, "unit", "N·m"),
                Map.of("type", "ORDERING", "text", "Remplacer une roue, dans l'ordre", "points", 6,
                        "explanation", "EXPLICATION-ORDRE",
                        "options", List.of(Map.of("text", "Desserrer les écrous"), Map.of("text", "Lever le véhicule"),
                                Map.of("text", "Déposer la roue"), Map.of("text", "Reposer et serrer en croix")))));
        return quiz;
    }

    private static Map<String, Object> option(String text, boolean correct) {
        return Map.of("text", text, "correct", correct);
    }

    /** The quiz as its trainer got it back, with the ids the server gave. */
    record Definition(String raw, JsonNode json) {

        String questionId(int question) {
            return json.get("questions").get(question).get("id").asString();
        }

        List<String> optionIds(int question) {
            List<String> ids = new ArrayList<>();
            json.get("questions").get(question).get("options").forEach(option -> ids.add(option.get("id").asString()));
            return ids;
        }

        String optionIdsJson(int question) {
            return "[\"" + String.join("\",\"", optionIds(question)) + "\"]";
        }

        Map<String, Object> choose(int question, int... options) {
            return Map.of("questionId", questionId(question),
                    "choiceIds", java.util.Arrays.stream(options).mapToObj(i -> optionIds(question).get(i)).toList());
        }

        Map<String, Object> number(int question, double value) {
            return Map.of("questionId", questionId(question), "value", value);
        }

        Map<String, Object> order(int question, int... steps) {
            return Map.of("questionId", questionId(question),
                    "order", java.util.Arrays.stream(steps).mapToObj(i -> optionIds(question).get(i)).toList());
        }

        GivenAnswer given(int question, int... options) {
            return new GivenAnswer(UUID.fromString(questionId(question)),
                    java.util.Arrays.stream(options).mapToObj(i -> UUID.fromString(optionIds(question).get(i))).toList(), null, null);
        }

        GivenAnswer givenOrder(int question, int... steps) {
            return new GivenAnswer(UUID.fromString(questionId(question)), null, null,
                    java.util.Arrays.stream(steps).mapToObj(i -> UUID.fromString(optionIds(question).get(i))).toList());
        }
    }

    private Definition define(Course course, Map<String, Object> quiz) {
        String raw = as(course.trainer(), "trainer").put().uri("/api/progress/lessons/{id}/quiz", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(quiz).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return new Definition(raw, json(raw));
    }

    private JsonNode attempt(String learner, Course course, UUID attemptId, List<Map<String, Object>> answers, HttpStatus expected) {
        return json(as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", attemptId, "answers", answers)).exchange()
                .expectStatus().isEqualTo(expected).expectBody(String.class).returnResult().getResponseBody());
    }

    private void attemptProblem(String learner, Course course, UUID attemptId, List<Map<String, Object>> answers,
                                HttpStatus expected, String detail) {
        as(learner, "student").post().uri("/api/progress/lessons/{id}/quiz/attempts", course.quizLesson())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("attemptId", attemptId, "answers", answers)).exchange()
                .expectStatus().isEqualTo(expected)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(text -> assertThat((String) text).contains(detail));
    }

    private static List<Double> points(JsonNode result) {
        List<Double> points = new ArrayList<>();
        result.get("feedback").forEach(question -> points.add(question.get("earnedPoints").asDouble()));
        return points;
    }

    private static String body(String attemptId, String... answers) {
        return "{\"attemptId\":\"" + attemptId + "\",\"answers\":[" + String.join(",", answers) + "]}";
    }

    private static JsonNode json(String raw) {
        return EventJson.mapper().readTree(raw);
    }

    private WebTestClient as(String subject, String role) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject)).authorities(new SimpleGrantedAuthority("ROLE_" + role)));
    }
}
