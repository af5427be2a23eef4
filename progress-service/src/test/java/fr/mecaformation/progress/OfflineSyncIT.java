package fr.mecaformation.progress;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.platform.grant.PlaybackGrant;
import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * The PWA's offline queue against real PostgreSQL and Kafka. Offline heartbeats carry the playback grant
 * catalog-service signed with the lesson's media links; the tests make grants with the key the two services share.
 */
@SpringBootTest
class OfflineSyncIT {

    static final String GRANT_KEY = Base64.getEncoder().encodeToString("playback-grants-shared-with-catalog".getBytes());
    static final PlaybackGrants GRANTS = PlaybackGrants.fromBase64(GRANT_KEY);

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> completions;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "progress-service");
        registry.add("meca.playback-grant.key", () -> GRANT_KEY);
        registry.add("meca.progress.certificates.signing-key", () -> CertificateSigningKeyFixture.privateJwk("offline-sync-it"));
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
                .responseTimeout(Duration.ofSeconds(60)).build();
        catalog = new ProgressFixtures(database);
    }

    @Test
    void a_thousand_item_batch_sent_twice_or_in_any_order_gives_the_same_progress() {
        UUID course = catalog.publishedCourse("Moteurs diesel : injection common rail", UUID.randomUUID().toString());
        List<UUID> lessons = List.of(catalog.lesson(course, "VIDEO", 1, 1, 300.0), catalog.lesson(course, "VIDEO", 1, 2, 300.0),
                catalog.lesson(course, "VIDEO", 2, 1, 300.0), catalog.lesson(course, "VIDEO", 2, 2, 300.0));
        UUID first = catalog.enrolledLearner(course);
        UUID second = catalog.enrolledLearner(course);
        Instant start = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);

        // four playbacks of 250 heartbeats each, 1.2 s apart; the last lesson's viewer skipped a third of it
        List<Map<String, Object>> heartbeats = new ArrayList<>();
        for (int l = 0; l < lessons.size(); l++) {
            UUID session = UUID.randomUUID();
            for (int i = 0; i < 250; i++) {
                double position = i * 1.2;
                if (l == 3 && i >= 80 && i < 160) {
                    position += 90; // seeking ahead: the jump itself credits nothing
                }
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("type", "HEARTBEAT");
                item.put("lessonId", lessons.get(l).toString());
                item.put("sessionId", session.toString());
                item.put("positionSeconds", Math.min(position, 299.0));
                item.put("playing", true);
                item.put("playbackRate", 1.0);
                item.put("clientAt", start.plusMillis(l * 1_000_000L + i * 1200L).toString());
                heartbeats.add(item);
            }
        }
        // the videos were fetched (playback grants issued) just before the first heartbeat, a week's offline window
        Instant fetched = start.minusSeconds(60);
        List<Map<String, Object>> batch = granted(withIds(heartbeats, "a"), first, fetched, fetched.plus(Duration.ofDays(7)));
        Collections.shuffle(batch, new Random(7));

        sync(first, batch).expectStatus().isOk().expectBody()
                .jsonPath("$.applied").isEqualTo(1000).jsonPath("$.rejected").isEqualTo(0)
                .jsonPath("$.results[0].clientId").isEqualTo(batch.get(0).get("clientId"));
        Map<String, String> afterFirst = state(first);
        assertThat(afterFirst).hasSize(4);
        assertThat(afterFirst.values()).filteredOn(line -> line.endsWith("completed")).hasSize(3);

        sync(first, batch).expectStatus().isOk().expectBody()
                .jsonPath("$.applied").isEqualTo(0).jsonPath("$.duplicates").isEqualTo(1000);
        assertThat(state(first)).isEqualTo(afterFirst);

        // the same heartbeats from another learner, in two batches, the later half first
        List<Map<String, Object>> other = granted(withIds(heartbeats, "b"), second, fetched, fetched.plus(Duration.ofDays(7)));
        sync(second, other.subList(500, 1000)).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(500);
        sync(second, other.subList(0, 500)).expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(500);
        assertThat(state(second)).isEqualTo(afterFirst);

        assertThat(OutboxRows.countOnTopic(database, CompletionEvents.TOPIC, first.toString()))
                .as("three lessons watched to 90 %: three LessonCompleted, whatever the resends").isEqualTo(3);
        assertThat(KafkaSupport.awaitRecords(completions, record -> first.toString().equals(record.key()), 3, Duration.ofSeconds(20)))
                .hasSize(3)
                .allSatisfy(record -> assertThat(KafkaSupport.header(record, "ce_type"))
                        .isEqualTo(EventCatalog.of(LessonCompleted.class).type()));
    }

    @Test
    void bad_items_are_refused_one_by_one_and_reused_ids_never_overwrite() {
        UUID course = catalog.publishedCourse("Électricité automobile", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 120.0);
        UUID reading = catalog.lesson(course, "READING", 1, 2, null);
        UUID elsewhere = catalog.lesson(catalog.publishedCourse("Autre formation", UUID.randomUUID().toString()), "VIDEO", 1, 1, 60.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(600);

        List<Map<String, Object>> items = List.of(
                heartbeat("ok-1", video, session, 0, at),
                heartbeat("ok-2", video, session, 10, at.plusSeconds(10)),
                heartbeat("ok-2", video, session, 99, at.plusSeconds(10)),          // same id, other content
                heartbeat("neg", video, session, -5, at.plusSeconds(20)),
                heartbeat("past-end", video, session, 500, at.plusSeconds(20)),
                heartbeat("future", video, session, 20, Instant.now().plus(Duration.ofHours(2))),
                heartbeat("ancient", video, session, 20, Instant.now().minus(Duration.ofDays(45))),
                heartbeat("unknown", UUID.randomUUID(), session, 20, at.plusSeconds(20)),
                heartbeat("not-mine", elsewhere, session, 20, at.plusSeconds(20)),
                heartbeat("reading", reading, session, 20, at.plusSeconds(20)),
                heartbeat("bad id with spaces", video, session, 20, at.plusSeconds(20)));
        WebTestClient.BodyContentSpec body = sync(learner, granted(items, learner, at.minusSeconds(60), Instant.now()))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.applied").isEqualTo(2).jsonPath("$.rejected").isEqualTo(9);
        Map<String, String> codes = Map.of("2", "CONFLICT", "3", "INVALID", "4", "INVALID", "5", "INVALID", "6", "TOO_OLD",
                "7", "NOT_FOUND", "8", "FORBIDDEN", "9", "NOT_A_VIDEO", "10", "INVALID");
        codes.forEach((index, code) -> body.jsonPath("$.results[" + index + "].status").isEqualTo("REJECTED")
                .jsonPath("$.results[" + index + "].code").isEqualTo(code)
                .jsonPath("$.results[" + index + "].detail").exists());

        Map<String, String> before = state(learner);
        assertThat(before.values()).containsExactly(video + " [0.0, 10.0] resume 10.0");
        // a later batch reusing an applied id for other content changes nothing
        sync(learner, granted(List.of(heartbeat("ok-2", video, session, 110, at.plusSeconds(110))), learner,
                at.minusSeconds(60), Instant.now())).expectStatus().isOk()
                .expectBody().jsonPath("$.results[0].code").isEqualTo("CONFLICT");
        assertThat(state(learner)).isEqualTo(before);
    }

    @Test
    void oversized_and_malformed_batches_are_refused_whole_and_store_nothing() {
        UUID course = catalog.publishedCourse("Liaison au sol", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 120.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID session = UUID.randomUUID();
        Instant at = Instant.now().minusSeconds(600);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(heartbeat("i" + i, video, session, 0.1 * i, at.plusMillis(100L * i)));
        }
        sync(learner, tooMany).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        List<Map<String, Object>> huge = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            huge.add(heartbeat("h" + i, video, session, 0.01 * i, at.plusMillis(10L * i)));
        }
        sync(learner, huge).expectStatus().isEqualTo(413).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String body : List.of("{}", "{\"items\":[]}", "{\"items\":[{\"type\":\"TELEPORT\",\"clientId\":\"x\"}]}",
                "{\"items\":[{\"type\":\"HEARTBEAT\",\"clientId\":\"x\",\"positionSeconds\":NaN}]}", "[1,2,3]")) {
            asLearner(learner).post().uri("/api/progress/sync").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest();
        }
        assertThat(database.count("SELECT count(*) FROM offline_heartbeat WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM sync_item WHERE learner_id = '" + learner + "'")).isZero();
    }

    @Test
    void back_dated_heartbeats_of_a_video_never_fetched_or_with_a_forged_expired_or_someone_elses_grant_credit_nothing() {
        UUID course = catalog.publishedCourse("Boîtes de vitesses robotisées", UUID.randomUUID().toString());
        UUID video = catalog.lesson(course, "VIDEO", 1, 1, 120.0);
        UUID otherVideo = catalog.lesson(course, "VIDEO", 1, 2, 120.0);
        UUID learner = catalog.enrolledLearner(course);
        UUID classmate = catalog.enrolledLearner(course);
        Instant start = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
        // a whole 120 s video "watched" three days ago, one heartbeat per second: enough to complete it
        List<Map<String, Object>> watched = new ArrayList<>();
        UUID session = UUID.randomUUID();
        for (int i = 0; i <= 120; i++) {
            watched.add(heartbeat("w-" + i, video, session, i, start.plusSeconds(i)));
        }
        Instant from = start.minusSeconds(60);
        Instant until = from.plus(Duration.ofDays(7));
        PlaybackGrants forger = PlaybackGrants.fromBase64(Base64.getEncoder().encodeToString(new byte[32]));
        Map<String, List<Map<String, Object>>> attempts = new LinkedHashMap<>();
        attempts.put("no grant at all (the video was never fetched)", watched);
        attempts.put("a grant signed with another key", withGrant(watched, forger.sign(new PlaybackGrant(learner, video, from, until))));
        attempts.put("a grant of a classmate", withGrant(watched, GRANTS.sign(new PlaybackGrant(classmate, video, from, until))));
        attempts.put("a grant of another lesson", withGrant(watched, GRANTS.sign(new PlaybackGrant(learner, otherVideo, from, until))));
        attempts.put("a grant issued after the claimed viewing (back-dated)",
                withGrant(watched, GRANTS.sign(new PlaybackGrant(learner, video, Instant.now().minusSeconds(5), Instant.now().plusSeconds(3600)))));
        attempts.put("a grant that expired before the claimed viewing",
                withGrant(watched, GRANTS.sign(new PlaybackGrant(learner, video, start.minus(Duration.ofDays(9)), start.minus(Duration.ofDays(2))))));
        attempts.put("not a grant", withGrant(watched, "eyJhbGciOiJub25lIn0.e30."));

        int round = 0;
        for (Map.Entry<String, List<Map<String, Object>>> attempt : attempts.entrySet()) {
            String code = attempt.getKey().contains("back-dated") || attempt.getKey().contains("expired") ? "OUTSIDE_GRANT" : "UNATTESTED";
            sync(learner, withIds(attempt.getValue(), "r" + round++)).expectStatus().isOk().expectBody()
                    .jsonPath("$.applied").isEqualTo(0).jsonPath("$.rejected").isEqualTo(121)
                    .jsonPath("$.results[60].code").isEqualTo(code)
                    .jsonPath("$.results[60].detail").exists();
            assertThat(state(learner)).as(attempt.getKey()).isEmpty();
        }
        assertThat(database.count("SELECT count(*) FROM offline_heartbeat WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE payload::text LIKE '%" + learner + "%'"))
                .as("no LessonCompleted, no certificate on its way").isZero();

        // with a grant of the fetch that preceded the viewing, the same batch completes the lesson
        sync(learner, withIds(withGrant(watched, GRANTS.sign(new PlaybackGrant(learner, video, from, until))), "ok"))
                .expectStatus().isOk().expectBody().jsonPath("$.applied").isEqualTo(121);
        assertThat(state(learner).get(video.toString())).endsWith("completed");
    }

    /** Each item with the grant of its lesson for this learner, valid from {@code from} to {@code until}. */
    private static List<Map<String, Object>> granted(List<Map<String, Object>> items, UUID learner, Instant from, Instant until) {
        Map<String, String> grants = new HashMap<>();
        List<Map<String, Object>> copies = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Map<String, Object> copy = new LinkedHashMap<>(item);
            String lesson = (String) item.get("lessonId");
            copy.put("grant", grants.computeIfAbsent(lesson, id -> GRANTS.sign(new PlaybackGrant(learner, UUID.fromString(id), from, until))));
            copies.add(copy);
        }
        return copies;
    }

    private static List<Map<String, Object>> withGrant(List<Map<String, Object>> items, String grant) {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (Map<String, Object> item : items) {
            Map<String, Object> copy = new LinkedHashMap<>(item);
            copy.put("grant", grant);
            copies.add(copy);
        }
        return copies;
    }

    private static Map<String, Object> heartbeat(String clientId, UUID lesson, UUID session, double position, Instant at) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "HEARTBEAT");
        item.put("clientId", clientId);
        item.put("lessonId", lesson.toString());
        item.put("sessionId", session.toString());
        item.put("positionSeconds", position);
        item.put("playing", true);
        item.put("playbackRate", 1.0);
        item.put("clientAt", at.toString());
        return item;
    }

    private static List<Map<String, Object>> withIds(List<Map<String, Object>> items, String prefix) {
        List<Map<String, Object>> copies = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> copy = new HashMap<>(items.get(i));
            copy.put("clientId", prefix + "-" + i);
            copies.add(copy);
        }
        return copies;
    }

    /** Each lesson's progress, as a learner would see it: what was watched, where to resume, whether it is done. */
    private Map<String, String> state(UUID learner) {
        Map<String, String> state = new java.util.TreeMap<>();
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT lesson_id, watched, resume_position, completed_at FROM lesson_progress"
                     + " WHERE learner_id = '" + learner + "'")) {
            while (rows.next()) {
                Double[] watched = (Double[]) rows.getArray("watched").getArray();
                StringBuilder line = new StringBuilder(rows.getString("lesson_id")).append(" [");
                for (int i = 0; i < watched.length; i++) {
                    line.append(i == 0 ? "" : ", ").append(Math.round(watched[i] * 1000) / 1000.0);
                }
                line.append("] resume ").append(rows.getDouble("resume_position"));
                if (rows.getObject("completed_at") != null) {
                    line.append(" completed");
                }
                state.put(rows.getString("lesson_id"), line.toString());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return state;
    }

    private WebTestClient.ResponseSpec sync(UUID learner, List<Map<String, Object>> items) {
        return asLearner(learner).post().uri("/api/progress/sync").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("items", items)).exchange();
    }

    private WebTestClient asLearner(UUID learner) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(learner.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }
}
