package fr.mecaformation.catalog;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * The catalog API against a real PostgreSQL and a real Kafka broker. Tokens are mocked here (the JWT checks
 * themselves are exercised end to end with Keycloak in e2e-tests); the roles and ownership rules are not.
 */
// a developer's configuration: throw-away signing keys (no key is configured here)
@ActiveProfiles("local")
@SpringBootTest
class CourseApiIT {

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> courseTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "catalog-service");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeAll
    static void readTopic() {
        courseTopic = KafkaSupport.consumerFromBeginning(CourseEvents.TOPIC);
    }

    @AfterAll
    static void closeTopic() {
        courseTopic.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }

    @Test
    void a_trainer_writes_and_submits_a_draft_an_admin_publishes_it_and_each_step_reaches_kafka_as_a_valid_cloudevent() {
        String trainer = UUID.randomUUID().toString();
        Map<?, ?> created = asTrainer(trainer).post().uri("/api/catalog/courses")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course("Freinage ABS : diagnostic " + UUID.randomUUID().toString().substring(0, 6)))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", ".*/api/catalog/courses/[0-9a-f-]{36}")
                .expectBody(Map.class).returnResult().getResponseBody();
        String id = (String) created.get("id");
        assertThat(created.get("status")).isEqualTo("DRAFT");
        assertThat(created.get("price")).isEqualTo(490.0);

        client.get().uri("/api/catalog/courses/{id}", id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/publish", id).exchange()
                .expectStatus().isForbidden();
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IN_REVIEW");
        client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isNotFound();
        asAdmin().get().uri("/api/catalog/admin/reviews").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.id == '" + id + "')]").exists();
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");

        client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk();
        client.get().uri("/api/catalog/courses?category=FREINAGE&size=100").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.id == '" + id + "')]").exists();

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(courseTopic,
                record -> id.equals(record.key()), 3, Duration.ofSeconds(20));
        assertThat(events).extracting(r -> KafkaSupport.header(r, "ce_type")).containsExactly(
                EventCatalog.of(CourseCreated.class).type(), EventCatalog.of(CourseUpdated.class).type(),
                EventCatalog.of(CoursePublished.class).type());
        for (ConsumerRecord<String, byte[]> event : events) {
            assertThat(KafkaSupport.header(event, "ce_specversion")).isEqualTo("1.0");
            assertThat(KafkaSupport.header(event, "ce_source")).isEqualTo("/catalog-service");
            assertThat(KafkaSupport.header(event, "ce_subject")).isEqualTo(id);
            assertThat(KafkaSupport.header(event, "ce_id")).isNotBlank();
            assertThat(KafkaSupport.header(event, "ce_time")).isNotBlank();
            EventDescriptor descriptor = EventCatalog.byType(KafkaSupport.header(event, "ce_type")).orElseThrow();
            assertThat(EventSchemas.violations(descriptor, event.value())).isEmpty();
        }
    }

    @Test
    void publishing_twice_is_a_conflict() {
        String trainer = UUID.randomUUID().toString();
        String id = createdCourse(trainer);
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange().expectStatus().isOk();

        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Conflit");
    }

    @Test
    void a_trainer_can_not_change_another_trainers_course_but_an_admin_can() {
        String id = createdCourse(UUID.randomUUID().toString());

        asTrainer(UUID.randomUUID().toString()).put().uri("/api/catalog/courses/{id}", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(course("Titre détourné"))
                .exchange().expectStatus().isNotFound();
        asTrainer(UUID.randomUUID().toString()).post().uri("/api/catalog/courses/{id}/submit", id)
                .exchange().expectStatus().isNotFound();

        client.mutateWith(mockJwt().jwt(jwt -> jwt.subject("5f1e2d3c-4b5a-4978-8c6d-1e2f3a4b5c6d")).authorities(new SimpleGrantedAuthority("ROLE_admin")))
                .put().uri("/api/catalog/courses/{id}", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(course("Titre corrigé par l'administration " + id.substring(0, 4)))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.revision").isEqualTo(2);
    }

    @Test
    void a_student_may_not_create_a_course_and_nothing_is_stored() {
        long before = rows("course");
        client.mutateWith(mockJwt().jwt(jwt -> jwt.subject("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")).authorities(new SimpleGrantedAuthority("ROLE_student")))
                .post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON).bodyValue(course("Cours pirate"))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
        assertThat(rows("course")).isEqualTo(before);
    }

    @Test
    void anonymous_writes_get_401_problem() {
        client.post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON).bodyValue(course("Anonyme"))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer");
    }

    @Test
    void the_same_title_twice_for_one_trainer_is_a_conflict() {
        String trainer = UUID.randomUUID().toString();
        asTrainer(trainer).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course("Climatisation : recharge R1234yf")).exchange().expectStatus().isCreated();
        asTrainer(trainer).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course("CLIMATISATION : recharge r1234yf")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    static Stream<Arguments> badBodies() {
        String valid = """
                {"title":"Géométrie des trains roulants","description":"Parallélisme, carrossage, chasse.",
                 "category":"LIAISON_AU_SOL","level":"AVANCE","price":250.00,"durationMinutes":300}""";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"title\": \"Freinage\",", 400, "corps-illisible"),
                Arguments.of("unknown field", valid.replace("{", "{\"roles\":[\"admin\"],"), 400, "corps-illisible"),
                Arguments.of("wrong type", valid.replace("250.00", "\"deux cents\""), 400, "corps-illisible"),
                Arguments.of("unknown category", valid.replace("LIAISON_AU_SOL", "CARROSSERIE"), 400, "corps-illisible"),
                Arguments.of("missing fields", "{\"title\":\"Freinage\"}", 400, "requete-invalide"),
                Arguments.of("HTML in description", valid.replace("Parallélisme", "<script>alert(1)</script>"), 400, "requete-invalide"),
                Arguments.of("SQL in title", valid.replace("Géométrie des trains roulants", "x'); DROP TABLE course; --"), 400, "requete-invalide"),
                Arguments.of("HTML in title", valid.replace("Géométrie des trains roulants", "<b>Géométrie</b>"), 400, "requete-invalide"),
                Arguments.of("negative price", valid.replace("250.00", "-1"), 400, "requete-invalide"),
                Arguments.of("absurd price", valid.replace("250.00", "1e9"), 400, "requete-invalide"),
                Arguments.of("three decimals", valid.replace("250.00", "9.999"), 400, "requete-invalide"),
                Arguments.of("zero duration", valid.replace("300", "0"), 400, "requete-invalide"),
                Arguments.of("10 kB title", valid.replace("Géométrie des trains roulants", "a".repeat(10_000)), 400, "requete-invalide"),
                Arguments.of("hostile thumbnail", valid.replace("}", ",\"thumbnailUrl\":\"http://169.254.169.254/latest/meta-data\"}"), 400, "requete-invalide"),
                Arguments.of("oversized body", valid.replace("Parallélisme", "x".repeat(200_000)), 413, "requete-trop-volumineuse"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void bad_input_gets_a_problem_and_stores_nothing(String name, String body, int status, String problemType) {
        long courses = rows("course");
        long events = rows("platform.outbox_event");

        asTrainer(UUID.randomUUID().toString()).post().uri("/api/catalog/courses")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://mecaformation.fr/problemes/" + problemType)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.trace").doesNotExist()
                .jsonPath("$.exception").doesNotExist();

        assertThat(rows("course")).isEqualTo(courses);
        assertThat(rows("platform.outbox_event")).isEqualTo(events);
    }

    @Test
    void authorization_comes_before_the_body_a_student_posting_a_malformed_course_gets_403_a_trainer_400() {
        long courses = rows("course");
        for (String body : List.of("{\"title\":", "{\"title\":\"ab\",\"price\":-5}", "{\"roles\":[\"admin\"]}")) {
            asStudent(UUID.randomUUID().toString()).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://mecaformation.fr/problemes/acces-refuse");
            asTrainer(UUID.randomUUID().toString()).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isBadRequest();
        }
        // the same on a path with a variable and a class of its own: an admin-only rejection
        asTrainer(UUID.randomUUID().toString()).post().uri("/api/catalog/courses/{id}/reject", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"comment\":").exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":")
                .exchange().expectStatus().isUnauthorized();
        assertThat(rows("course")).isEqualTo(courses);
    }

    @Test
    void field_errors_name_each_rejected_field() {
        asTrainer("0b0c9a52-1d2e-4f3a-9b8c-7d6e5f4a3b21").post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"title\":\"ab\",\"description\":\"\",\"category\":\"FREINAGE\",\"level\":\"DEBUTANT\",\"price\":-5,\"durationMinutes\":30}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'title')]").exists()
                .jsonPath("$.errors[?(@.field == 'description')]").exists()
                .jsonPath("$.errors[?(@.field == 'price')]").exists();
    }

    @Test
    void other_content_types_get_415_and_malformed_ids_400() {
        asTrainer("0b0c9a52-1d2e-4f3a-9b8c-7d6e5f4a3b21").post().uri("/api/catalog/courses").contentType(MediaType.TEXT_PLAIN).bodyValue("Freinage")
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/catalog/courses/not-a-uuid").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/catalog/courses?size=100000").exchange()
                .expectStatus().isBadRequest();
        client.get().uri("/api/catalog/nowhere").exchange()
                .expectStatus().isUnauthorized();
        asTrainer("0b0c9a52-1d2e-4f3a-9b8c-7d6e5f4a3b21").get().uri("/api/catalog/nowhere").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void prometheus_exposes_http_pool_kafka_and_outbox_metrics() {
        createdCourse(UUID.randomUUID().toString());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = client.get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains("http_server_requests_seconds_bucket", "r2dbc_pool_acquired_connections",
                    "kafka_producer_record_send_total", "meca_outbox_published_total", "meca_outbox_pending",
                    "meca_outbox_lag_seconds", "application=\"catalog-service\"");
        });
    }

    @Test
    void an_admin_sends_a_course_back_with_a_comment_and_the_trainer_sees_it() {
        String trainer = UUID.randomUUID().toString();
        String id = createdCourse(trainer);
        asAdmin().post().uri("/api/catalog/courses/{id}/reject", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "Rien à relire")).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/reject", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "Je me refuse")).exchange().expectStatus().isForbidden();
        asAdmin().post().uri("/api/catalog/courses/{id}/reject", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "<b>gras</b>")).exchange().expectStatus().isBadRequest();

        asAdmin().post().uri("/api/catalog/courses/{id}/reject", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", "Précisez les couples de serrage des étriers.")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DRAFT");
        asTrainer(trainer).get().uri("/api/catalog/courses/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.reviewComment").isEqualTo("Précisez les couples de serrage des étriers.");
    }

    @Test
    void a_rejected_revisions_review_comment_is_seen_by_its_trainer_and_admins_only() {
        String trainer = UUID.randomUUID().toString();
        String id = publishedCourse(trainer);
        String title = client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("title").toString();
        String comment = "Commentaire interne de relecture " + id.substring(0, 8);
        asTrainer(trainer).put().uri("/api/catalog/courses/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course(title + " révisé")).exchange().expectStatus().isOk();
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asAdmin().post().uri("/api/catalog/courses/{id}/reject", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comment", comment)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reviewComment").isEqualTo(comment);

        asTrainer(trainer).get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reviewComment").isEqualTo(comment);
        asAdmin().get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reviewComment").isEqualTo(comment);
        asTrainer(trainer).get().uri("/api/catalog/my-courses").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.id == '" + id + "')].reviewComment").isEqualTo(comment);

        // anonymous readers, learners and other trainers: the course, the catalogue pages and the search
        List<WebTestClient> outsiders = List.of(client, asStudent(UUID.randomUUID().toString()),
                asTrainer(UUID.randomUUID().toString()));
        String searchWord = title.substring(title.lastIndexOf(' ') + 1);
        for (WebTestClient outsider : outsiders) {
            for (String path : List.of("/api/catalog/courses/" + id, "/api/catalog/courses?category=FREINAGE&size=100",
                    "/api/catalog/search?q=" + searchWord)) {
                String body = outsider.get().uri(path).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody();
                assertThat(body).as(path).doesNotContain(comment);
                if (!path.contains("category=")) {
                    assertThat(body).as(path).contains(id);
                }
            }
        }
    }

    @Test
    void editing_a_published_course_changes_nothing_for_learners_until_an_admin_approves_the_revision() {
        String trainer = UUID.randomUUID().toString();
        String id = publishedCourse(trainer);
        String published = client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("title").toString();
        String revisedTitle = "Freinage révisé " + id.substring(0, 6);

        asTrainer(trainer).put().uri("/api/catalog/courses/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course(revisedTitle)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo(published)
                .jsonPath("$.pendingRevision.title").isEqualTo(revisedTitle)
                .jsonPath("$.pendingRevision.inReview").isEqualTo(false);
        client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo(published).jsonPath("$.pendingRevision").doesNotExist();
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT);

        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.pendingRevision.inReview").isEqualTo(true);
        asAdmin().get().uri("/api/catalog/admin/reviews").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.id == '" + id + "')].pendingRevision.title").isEqualTo(revisedTitle);
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.title").isEqualTo(revisedTitle);
        client.get().uri("/api/catalog/courses/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.title").isEqualTo(revisedTitle).jsonPath("$.status").isEqualTo("PUBLISHED");

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(courseTopic,
                record -> id.equals(record.key()), 4, Duration.ofSeconds(20));
        assertThat(KafkaSupport.header(events.get(3), "ce_type")).isEqualTo(EventCatalog.of(CourseUpdated.class).type());
        assertThat(new String(events.get(3).value())).contains(revisedTitle);
        assertThat(events.subList(0, 3)).noneMatch(event -> new String(event.value()).contains(revisedTitle));
    }

    @Test
    void prerequisites_are_published_courses_without_loops() {
        String trainer = UUID.randomUUID().toString();
        String basics = publishedCourse(trainer);
        String advanced = publishedCourse(trainer);
        String draft = createdCourse(trainer);

        asTrainer(trainer).put().uri("/api/catalog/courses/{id}/prerequisites", advanced).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("prerequisites", List.of(basics))).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.prerequisites[0]").isEqualTo(basics);
        client.get().uri("/api/catalog/courses/{id}/prerequisites", advanced).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.prerequisites[0]").isEqualTo(basics);

        asTrainer(trainer).put().uri("/api/catalog/courses/{id}/prerequisites", basics).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("prerequisites", List.of(advanced))).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").value(message -> assertThat((String) message).contains("boucle"));
        asTrainer(trainer).put().uri("/api/catalog/courses/{id}/prerequisites", basics).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("prerequisites", List.of(basics))).exchange().expectStatus().isBadRequest();
        asTrainer(trainer).put().uri("/api/catalog/courses/{id}/prerequisites", advanced).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("prerequisites", List.of(draft))).exchange().expectStatus().isBadRequest();
        asTrainer(UUID.randomUUID().toString()).put().uri("/api/catalog/courses/{id}/prerequisites", advanced)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("prerequisites", List.of())).exchange()
                .expectStatus().isForbidden();
        assertThat(database.count("SELECT count(*) FROM course_prerequisite WHERE course_id = '" + basics + "'")).isZero();
    }

    private String publishedCourse(String trainer) {
        String id = createdCourse(trainer);
        asTrainer(trainer).post().uri("/api/catalog/courses/{id}/submit", id).exchange().expectStatus().isOk();
        asAdmin().post().uri("/api/catalog/courses/{id}/publish", id).exchange().expectStatus().isOk();
        return id;
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject("5f1e2d3c-4b5a-4978-8c6d-1e2f3a4b5c6d"))
                .authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private WebTestClient asStudent(String subject) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }

    private WebTestClient asTrainer(String subject) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject)).authorities(new SimpleGrantedAuthority("ROLE_trainer")));
    }

    private String createdCourse(String trainer) {
        Map<?, ?> created = asTrainer(trainer).post().uri("/api/catalog/courses").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(course("Moteur : distribution " + UUID.randomUUID().toString().substring(0, 8)))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("id");
    }

    private static Map<String, Object> course(String title) {
        return Map.of("title", title,
                "description", "Diagnostic des calculateurs, lecture des codes défauts et contrôle des capteurs de roue.",
                "category", "FREINAGE", "level", "INTERMEDIAIRE", "price", 490.00, "durationMinutes", 540);
    }

    private static long rows(String table) {
        return database.count("SELECT count(*) FROM " + table);
    }
}
