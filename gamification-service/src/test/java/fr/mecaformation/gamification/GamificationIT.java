package fr.mecaformation.gamification;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.gamification.BadgeEarned;
import fr.mecaformation.events.gamification.ChallengeCompleted;
import fr.mecaformation.events.gamification.LevelReached;
import fr.mecaformation.events.gamification.RewardCouponRequested;
import fr.mecaformation.events.gamification.StreakExtended;
import fr.mecaformation.events.gamification.XpAwarded;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.progress.CertificateEvents;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.events.progress.QuizEvents;
import fr.mecaformation.gamification.application.Awards;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * gamification-service against real PostgreSQL and Kafka: producers' golden samples through the platform dispatcher,
 * the ledger under redelivery, streaks across DST weeks, concurrent redemptions, a rebuild of 1,000 learners.
 */
@SpringBootTest
class GamificationIT {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String GROUP = "gamification-service.xp";

    static PostgresSupport.Database database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "gamification-service");
        // outside the local profile badges are signed with a configured key (BadgeCredentialIT tests them)
        registry.add("meca.gamification.badge-credentials.signing-key", () -> BadgeCredentialIT.generate("it").toJSONString());
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Awards awards;

    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    // --- consumed events, from the producers' golden samples ---------------------------------------------------

    @Test
    void the_same_lesson_completed_delivered_five_times_and_again_under_new_ids_awards_its_xp_once() throws Exception {
        UUID learner = UUID.randomUUID();
        String data = sampleData("samples/progress/lesson-completed.v1.json", learner);
        String type = sample("samples/progress/lesson-completed.v1.json").get("type").asString();
        String eventId = UUID.randomUUID().toString();
        for (int delivery = 0; delivery < 5; delivery++) {
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), eventId, type, "/progress-service", bytes(data));
        }
        // progress-service re-publishing the same completion (a replay of its outbox) gets new event ids
        for (int replay = 0; replay < 2; replay++) {
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(), type,
                    "/progress-service", bytes(data));
        }
        // a later lesson of the same learner, same partition: once it is credited, every record before it was handled
        UUID marker = UUID.randomUUID();
        KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(), type,
                "/progress-service", bytes(data.replace("7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", marker.toString())));
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM xp_award WHERE learner_id = '"
                + learner + "' AND source_event = 'lesson-completed:" + marker + "'") == 1);

        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner
                + "' AND source_event = 'lesson-completed:7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d'")).isEqualTo(1);
        // 10 + 10 for the two lessons, 50 for the daily challenge (completed once, on the sample's day)
        assertThat(totalXp(learner)).isEqualTo(70);
        assertThat(OutboxRows.count(database, type(XpAwarded.class), learner.toString())).isEqualTo(3);
        assertThat(OutboxRows.count(database, type(ChallengeCompleted.class), learner.toString())).isEqualTo(1);
        assertThat(database.scalar("SELECT period_key FROM challenge_progress WHERE learner_id = '" + learner
                + "' AND challenge = 'daily_lesson'")).isEqualTo("2026-11-26");
        assertThat(database.scalar("SELECT progress FROM challenge_progress WHERE learner_id = '" + learner
                + "' AND challenge = 'weekly_lessons'")).isEqualTo("2");
        for (String payload : payloads(XpAwarded.class, learner)) {
            assertThat(EventSchemas.violations(EventCatalog.of(XpAwarded.class), bytes(payload))).isEmpty();
        }
    }

    @Test
    void quiz_course_and_certificate_golden_samples_each_earn_by_their_rule_and_the_summary_shows_it() throws Exception {
        UUID learner = UUID.randomUUID();
        send(QuizEvents.TOPIC, "samples/progress/quiz-submitted.v1.json", learner);
        send(CompletionEvents.TOPIC, "samples/progress/course-completed.v1.json", learner);
        send(CertificateEvents.TOPIC, "samples/progress/certificate-issued.v1.json", learner);
        // the certificate sample's subject is its certificate id, not the learner: sent as is, keyed by certificate
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count(
                "SELECT count(*) FROM xp_award WHERE learner_id = '" + learner + "'") == 5);

        Map<String, Integer> byRule = new LinkedHashMap<>();
        try (Connection connection = database.connect(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT rule, xp FROM xp_award WHERE learner_id = '" + learner + "' ORDER BY rule")) {
            while (rows.next()) {
                byRule.put(rows.getString(1), rows.getInt(2));
            }
        }
        assertThat(byRule).containsExactlyInAnyOrderEntriesOf(Map.of("quiz_passed", 20, "course_completed", 200,
                "badge:first_course", 100, "challenge:monthly_course", 1000, "certificate_issued", 100));
        assertThat(OutboxRows.count(database, type(BadgeEarned.class), learner.toString())).isEqualTo(1);
        // 1420 XP: levels 2 (100), 3 (250), 4 (500) and 5 (1000) reached, each announced once
        assertThat(OutboxRows.count(database, type(LevelReached.class), learner.toString())).isEqualTo(4);

        asLearner(learner).get().uri("/api/gamification/me").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.totalXp").isEqualTo(1420)
                .jsonPath("$.balanceXp").isEqualTo(1420)
                .jsonPath("$.level").isEqualTo(5)
                .jsonPath("$.levelStartsAt").isEqualTo(1000)
                .jsonPath("$.nextLevelAt").isEqualTo(1750)
                .jsonPath("$.progressPercent").isEqualTo(56)
                .jsonPath("$.badges[0].code").isEqualTo("first_course")
                .jsonPath("$.badges[0].title").isEqualTo("Premier Cours")
                .jsonPath("$.challenges.length()").isEqualTo(3)
                .jsonPath("$.streak.zone").isEqualTo("Europe/Paris");
        asLearner(learner).get().uri("/api/gamification/me/history").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(5);
        client.get().uri("/api/gamification/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void the_user_deleted_golden_sample_twice_erases_the_learner_and_later_events_award_nothing() throws Exception {
        JsonNode deleted = sample("samples/identity/user-deleted.v1.json");
        UUID learner = UUID.fromString(deleted.get("data").get("userId").asString());
        JsonNode lesson = sample("samples/progress/lesson-completed.v1.json");
        assertThat(lesson.get("data").get("learnerId").asString()).isEqualTo(learner.toString());
        KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), lesson.get("id").asString(),
                lesson.get("type").asString(), "/progress-service", EventJson.mapper().writeValueAsBytes(lesson.get("data")));
        await().atMost(Duration.ofSeconds(60)).until(() -> totalXp(learner) == 60);

        for (int delivery = 0; delivery < 2; delivery++) {
            KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), deleted.get("id").asString(),
                    deleted.get("type").asString(), "/auth-service", EventJson.mapper().writeValueAsBytes(deleted.get("data")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count(
                "SELECT count(*) FROM erased_learner WHERE learner_id = '" + learner + "'") == 1);
        for (String table : List.of("xp_award", "learner", "completed_lesson", "activity_day", "challenge_progress")) {
            assertThat(database.count("SELECT count(*) FROM " + table + " WHERE learner_id = '" + learner + "'")).as(table).isZero();
        }

        String late = UUID.randomUUID().toString();
        KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), late, lesson.get("type").asString(),
                "/progress-service", bytes(EventJson.mapper().writeValueAsString(lesson.get("data"))
                        .replace("7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", UUID.randomUUID().toString())));
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM platform.processed_event"
                + " WHERE consumer = '" + GROUP + "' AND event_id = '" + late + "'") == 1);
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM learner WHERE learner_id = '" + learner + "'")).isZero();
    }

    @Test
    void a_video_completion_progress_service_judged_unwatched_earns_no_xp_no_streak_and_no_challenge() {
        UUID learner = UUID.randomUUID();
        awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "VIDEO", null,
                Instant.parse("2026-11-26T10:00:00Z"))).block();
        awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "VIDEO", 0.0,
                Instant.parse("2026-11-26T10:05:00Z"))).block();

        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM activity_day WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM challenge_progress WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(OutboxRows.countOnTopic(database, "gamification.xp.v1", learner.toString())).isZero();
        assertThat(database.count("SELECT count(*) FROM completed_lesson WHERE learner_id = '" + learner + "' AND NOT qualified")).isEqualTo(2);

        // a reading lesson has no video: it earns
        awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "READING", null,
                Instant.parse("2026-11-26T10:10:00Z"))).block();
        assertThat(totalXp(learner)).isEqualTo(60);
    }

    @Test
    void a_completion_that_breaks_its_schema_goes_to_the_dead_letters_and_an_unknown_type_is_ignored_nothing_awarded() throws Exception {
        UUID learner = UUID.randomUUID();
        String type = sample("samples/progress/lesson-completed.v1.json").get("type").asString();
        try (var deadLetters = KafkaSupport.consumerFromBeginning(CompletionEvents.TOPIC + ".dlt")) {
            String poison = UUID.randomUUID().toString();
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), poison, type, "/progress-service",
                    bytes("{\"learnerId\":\"" + learner + "\",\"kind\":\"VIDEO\",\"watchedSeconds\":-3}"));
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                    "fr.mecaformation.progress.lesson.teleported.v1", "/progress-service", bytes(sampleData(
                            "samples/progress/lesson-completed.v1.json", learner)));
            String marker = UUID.randomUUID().toString();
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), marker, type, "/progress-service",
                    bytes(sampleData("samples/progress/lesson-completed.v1.json", learner)));
            await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM platform.processed_event"
                    + " WHERE consumer = '" + GROUP + "' AND event_id = '" + marker + "'") == 1);
            assertThat(KafkaSupport.awaitRecords(deadLetters, record -> poison.equals(KafkaSupport.header(record, "ce_id")),
                    1, Duration.ofSeconds(30))).hasSize(1);
        }
        // only the marker's lesson and its daily challenge: the poison and the unknown type awarded nothing
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner + "'")).isEqualTo(2);
        assertThat(totalXp(learner)).isEqualTo(60);
    }

    @Test
    void replaying_every_topic_from_its_beginning_with_the_inbox_forgotten_awards_nothing_more() throws Exception {
        // something on the topics first, whatever ran before
        UUID learner = UUID.randomUUID();
        send(CompletionEvents.TOPIC, "samples/progress/lesson-completed.v1.json", learner);
        send(QuizEvents.TOPIC, "samples/progress/quiz-submitted.v1.json", learner);
        await().atMost(Duration.ofSeconds(60)).until(() -> totalXp(learner) == 80);

        String totals = "SELECT coalesce(string_agg(learner_id || ':' || total_xp || ':' || level, ',' ORDER BY learner_id), '') FROM learner";
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                "bootstrap.servers", KafkaSupport.bootstrapServers()))) {
            listeners.getListenerContainers().forEach(container -> container.stop());
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> reached =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
            String before = database.scalar(totals);
            long awardsBefore = database.count("SELECT count(*) FROM xp_award");
            long publishedBefore = database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = 'gamification.xp.v1'");

            // only the ledger's keys stand between the replay and a second award: the inbox forgets every event id
            database.execute("DELETE FROM platform.processed_event WHERE consumer = '" + GROUP + "'");
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> beginning = new LinkedHashMap<>();
            reached.keySet().forEach(partition -> beginning.put(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)));
            // the broker refuses while the stopped consumer is still a member of the group
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(GROUP, beginning).all().get();
                return true;
            });
            listeners.getListenerContainers().forEach(container -> container.start());

            await().atMost(Duration.ofSeconds(120)).until(() -> {
                var now = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                return reached.entrySet().stream().allMatch(entry -> now.get(entry.getKey()) != null
                        && now.get(entry.getKey()).offset() >= entry.getValue().offset());
            });
            assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = '" + GROUP + "'"))
                    .as("the replay went through the handlers again").isPositive();
            assertThat(database.scalar(totals)).isEqualTo(before);
            assertThat(database.count("SELECT count(*) FROM xp_award")).isEqualTo(awardsBefore);
            assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = 'gamification.xp.v1'"))
                    .isEqualTo(publishedBefore);
        } finally {
            listeners.getListenerContainers().forEach(container -> {
                if (!container.isRunning()) {
                    container.start();
                }
            });
        }
    }

    // --- rules as data -----------------------------------------------------------------------------------------

    @Test
    void rules_are_versioned_data_bad_rules_are_refused_a_stale_edit_conflicts_and_the_daily_cap_holds() {
        Map<String, Object> v1 = asAdmin().get().uri("/api/gamification/admin/rules").exchange().expectStatus().isOk()
                .expectBody(MAP).returnResult().getResponseBody();
        int current = (Integer) v1.get("version");
        asLearner(UUID.randomUUID()).get().uri("/api/gamification/admin/rules").exchange().expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        List<Map<String, Object>> rules = rulesOf(v1);
        List<Map<String, Object>> negative = copy(rules);
        negative.get(0).put("xp", -10);
        asAdmin().post().uri("/api/gamification/admin/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("basedOn", current, "levels", v1.get("levels"), "rules", negative))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://mecaformation.fr/problemes/requete-invalide")
                .jsonPath("$.errors[0].field").isEqualTo("rules[0].xp")
                .jsonPath("$.errors[0].message").isEqualTo("ne peut pas être négatif");
        List<Map<String, Object>> unknown = copy(rules);
        unknown.get(0).put("trigger", "XP_AWARDED");
        asAdmin().post().uri("/api/gamification/admin/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("basedOn", current, "levels", v1.get("levels"), "rules", unknown))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(database.scalar("SELECT max(version) FROM rule_set")).isEqualTo(String.valueOf(current));

        // version n+1: lessons capped at two awards a day
        List<Map<String, Object>> capped = copy(rules);
        capped.stream().filter(rule -> rule.get("code").equals("lesson_completed")).forEach(rule -> rule.put("dailyCap", 2));
        asAdmin().post().uri("/api/gamification/admin/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("basedOn", current, "levels", v1.get("levels"), "rules", capped))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.version").isEqualTo(current + 1);
        asAdmin().post().uri("/api/gamification/admin/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("basedOn", current, "levels", v1.get("levels"), "rules", rules))
                .exchange().expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("version " + (current + 1)));
        asAdmin().get().uri("/api/gamification/admin/rules/{v}", current).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(current);

        UUID learner = UUID.randomUUID();
        for (int lesson = 0; lesson < 3; lesson++) {
            awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "READING", null,
                    Instant.parse("2026-11-26T10:00:00Z").plusSeconds(60L * lesson))).block();
        }
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner
                + "' AND rule = 'lesson_completed' AND NOT capped AND xp = 10 AND rule_version = " + (current + 1))).isEqualTo(2);
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner
                + "' AND rule = 'lesson_completed' AND capped AND xp = 0")).isEqualTo(1);
        // the next local day is a new day
        awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "READING", null,
                Instant.parse("2026-11-26T23:30:00Z"))).block();
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner
                + "' AND rule = 'lesson_completed' AND xp = 10 AND local_day = '2026-11-27'")).isEqualTo(1);

        // back to the rules the other tests expect
        asAdmin().post().uri("/api/gamification/admin/rules").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("basedOn", current + 1, "levels", v1.get("levels"), "rules", rules))
                .exchange().expectStatus().isCreated();
    }

    // --- streaks ------------------------------------------------------------------------------------------------

    @Test
    void streaks_count_local_days_across_the_march_and_october_dst_changes() {
        UUID march = UUID.randomUUID();
        for (int day = 23; day <= 29; day++) {
            lesson(march, paris("2026-03-%02dT23:30".formatted(day)));
        }
        assertThat(streakDays(march)).endsWith(7);
        assertThat(database.count("SELECT count(*) FROM activity_day WHERE learner_id = '" + march + "'")).isEqualTo(7);
        assertThat(database.count("SELECT count(*) FROM earned_badge WHERE learner_id = '" + march + "' AND badge = 'week_streak'")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM streak_freeze WHERE learner_id = '" + march + "'")).as("7 days earn a freeze").isEqualTo(1);
        // the seven evenings are one ISO week (Monday 23 to Sunday 29 March): the weekly challenge once, in W13
        assertThat(database.scalar("SELECT string_agg(period_key, ',') FROM challenge_progress WHERE learner_id = '" + march
                + "' AND challenge = 'weekly_lessons' AND completed_at IS NOT NULL")).isEqualTo("2026-W13");
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + march
                + "' AND rule = 'challenge:weekly_lessons' AND xp = 300")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + march
                + "' AND rule = 'challenge:daily_lesson'")).isEqualTo(7);

        UUID october = UUID.randomUUID();
        for (int day = 19; day <= 24; day++) {
            lesson(october, paris("2026-10-%02dT00:05".formatted(day)));
        }
        // the 25-hour Sunday: 02:30 happens twice, and 23:59 is still Sunday
        LocalDateTime halfPastTwo = LocalDateTime.parse("2026-10-25T02:30");
        lesson(october, halfPastTwo.atZone(PARIS).withEarlierOffsetAtOverlap().toInstant());
        lesson(october, halfPastTwo.atZone(PARIS).withLaterOffsetAtOverlap().toInstant());
        lesson(october, paris("2026-10-25T23:59"));
        assertThat(database.count("SELECT count(*) FROM activity_day WHERE learner_id = '" + october + "'")).isEqualTo(7);
        assertThat(streakDays(october)).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + october
                + "' AND rule = 'challenge:daily_lesson' AND local_day = '2026-10-25'")).as("one daily challenge that Sunday").isEqualTo(1);
    }

    @Test
    void an_offline_batch_synced_two_days_late_keeps_the_streak_and_a_zone_change_applies_from_its_time() {
        UUID learner = UUID.randomUUID();
        lesson(learner, paris("2026-11-23T18:00"));
        lesson(learner, paris("2026-11-26T08:00"));
        assertThat(streakDays(learner)).containsExactly(1, 1);
        // Tuesday's and Wednesday's lessons, done offline and synced on Thursday, keep their original times
        lesson(learner, paris("2026-11-24T21:00"));
        // Tuesday joins Monday, not yet Thursday's current streak: nothing announced until Wednesday closes the gap
        assertThat(streakDays(learner)).containsExactly(1, 1);
        lesson(learner, paris("2026-11-25T21:00"));
        assertThat(streakDays(learner)).containsExactly(1, 1, 4);
        asLearner(learner).get().uri("/api/gamification/me/history").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.rule == 'lesson_completed')].localDay").value(days -> assertThat(((List<?>) days).stream().map(String::valueOf).toList())
                        .containsExactlyInAnyOrder("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"));

        // a learner who moved to La Réunion: from then on, 21:30 UTC is the next day there
        UUID islander = UUID.randomUUID();
        asLearner(islander).put().uri("/api/gamification/me/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("zone", "Indian/Reunion")).exchange().expectStatus().isNoContent();
        asLearner(islander).put().uri("/api/gamification/me/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("zone", "+04:00")).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("zone");
        Instant now = Instant.now();
        lesson(islander, now);
        LocalDate there = now.atZone(ZoneId.of("Indian/Reunion")).toLocalDate();
        assertThat(database.scalar("SELECT day || ' ' || zone FROM activity_day WHERE learner_id = '" + islander + "'"))
                .isEqualTo(there + " Indian/Reunion");
        // an offline activity from before the move keeps the zone it had then (Paris)
        lesson(islander, paris("2026-01-10T23:30"));
        assertThat(database.scalar("SELECT zone FROM activity_day WHERE learner_id = '" + islander + "' AND day = '2026-01-10'"))
                .isEqualTo("Europe/Paris");
    }

    @Test
    void the_summary_shows_the_live_streak_and_todays_challenges() {
        UUID learner = UUID.randomUUID();
        Instant now = Instant.now();
        for (int daysAgo = 2; daysAgo >= 0; daysAgo--) {
            lesson(learner, now.minus(Duration.ofDays(daysAgo)));
        }
        LocalDate today = now.atZone(PARIS).toLocalDate();
        asLearner(learner).get().uri("/api/gamification/me").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.streak.days").isEqualTo(3)
                .jsonPath("$.streak.lastDay").isEqualTo(today.toString())
                .jsonPath("$.challenges[0].code").isEqualTo("daily_lesson")
                .jsonPath("$.challenges[0].periodKey").isEqualTo(today.toString())
                .jsonPath("$.challenges[0].completed").isEqualTo(true)
                .jsonPath("$.challenges[2].code").isEqualTo("monthly_course")
                .jsonPath("$.challenges[2].completed").isEqualTo(false);
    }

    // --- rewards ------------------------------------------------------------------------------------------------

    @Test
    void twenty_concurrent_redemptions_with_xp_for_one_debit_once_and_request_one_coupon() throws Exception {
        UUID learner = UUID.randomUUID();
        // 200 (course) + 100 (Premier Cours) + 1000 (monthly challenge) = 1300 XP
        awards.courseCompleted(new CourseCompleted(learner, UUID.randomUUID(), "Freinage", 12, Instant.now())).block();
        assertThat(totalXp(learner)).isEqualTo(1300);
        Map<String, Object> reward = asAdmin().post().uri("/api/gamification/admin/rewards").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "discount_15_" + learner.toString().substring(0, 8), "title", "Remise de 15 %",
                        "kind", "DISCOUNT", "costXp", 1000, "percentOff", 15))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        String rewardId = (String) reward.get("rewardId");

        AtomicInteger created = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Void>> racing = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                racing.add(CompletableFuture.runAsync(() -> {
                    int status = asLearner(learner).post().uri("/api/gamification/rewards/{id}/redemptions", rewardId)
                            .exchange().returnResult(String.class).getStatus().value();
                    (status == 201 ? created : status == 409 ? conflicts : new AtomicInteger()).incrementAndGet();
                }, pool));
            }
            CompletableFuture.allOf(racing.toArray(CompletableFuture[]::new)).get();
        } finally {
            pool.shutdown();
        }

        assertThat(created.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(19);
        assertThat(database.scalar("SELECT spent_xp FROM learner WHERE learner_id = '" + learner + "'")).isEqualTo("1000");
        assertThat(database.count("SELECT count(*) FROM redemption WHERE learner_id = '" + learner + "'")).isEqualTo(1);
        assertThat(OutboxRows.count(database, type(RewardCouponRequested.class), learner.toString())).isEqualTo(1);
        String coupon = payloads(RewardCouponRequested.class, learner).get(0);
        assertThat(EventSchemas.violations(EventCatalog.of(RewardCouponRequested.class), bytes(coupon))).isEmpty();
        RewardCouponRequested requested = EventJson.read(bytes(coupon), RewardCouponRequested.class);
        assertThat(requested.percentOff()).isEqualTo(15);
        assertThat(requested.rewardId().toString()).isEqualTo(database.scalar(
                "SELECT redemption_id FROM redemption WHERE learner_id = '" + learner + "'"));

        // the balance (300) does not cover it again: a clear 409, nothing debited, nothing published
        asLearner(learner).post().uri("/api/gamification/rewards/{id}/redemptions", rewardId).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Solde d'XP insuffisant"));
        asLearner(learner).get().uri("/api/gamification/me").exchange().expectBody()
                .jsonPath("$.totalXp").isEqualTo(1300).jsonPath("$.balanceXp").isEqualTo(300);
        assertThat(OutboxRows.count(database, type(RewardCouponRequested.class), learner.toString())).isEqualTo(1);
        asLearner(learner).post().uri("/api/gamification/rewards/{id}/redemptions", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
        asLearner(learner).get().uri("/api/gamification/rewards").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.code == 'streak_freeze')].costXp").isEqualTo(200);

        // a streak freeze bought with the 300 XP left: held in reserve, no coupon
        asLearner(learner).post().uri("/api/gamification/rewards/{id}/redemptions", "0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e05")
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.balanceXp").isEqualTo(100);
        assertThat(database.count("SELECT count(*) FROM streak_freeze WHERE learner_id = '" + learner + "' AND used_on IS NULL"))
                .isEqualTo(1);
        assertThat(OutboxRows.count(database, type(RewardCouponRequested.class), learner.toString())).isEqualTo(1);
    }

    // --- rebuild ------------------------------------------------------------------------------------------------

    @Test
    void a_rebuild_from_the_ledger_gives_identical_totals_and_levels_for_1000_generated_learners() {
        List<UUID> learners = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            learners.add(UUID.randomUUID());
        }
        Instant start = Instant.parse("2026-11-02T08:00:00Z");
        Flux.range(0, learners.size()).flatMap(i -> {
            UUID learner = learners.get(i);
            Mono<Void> work = Mono.empty();
            for (int lesson = 0; lesson <= i % 4; lesson++) {
                Instant at = start.plus(Duration.ofDays(lesson)).plusSeconds(i);
                work = work.then(awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(),
                        "VIDEO", 300.0, at)));
            }
            if (i % 5 == 0) {
                work = work.then(awards.courseCompleted(new CourseCompleted(learner, UUID.randomUUID(), "Climatisation", 4,
                        start.plus(Duration.ofDays(4)))));
            }
            return work;
        }, 8).blockLast(Duration.ofMinutes(4));

        String ids = learners.stream().map(id -> "'" + id + "'").reduce((a, b) -> a + "," + b).orElseThrow();
        String snapshot = "SELECT string_agg(learner_id || ':' || total_xp || ':' || level, ',' ORDER BY learner_id)"
                + " FROM learner WHERE learner_id IN (" + ids + ")";
        String before = database.scalar(snapshot);
        assertThat(database.count("SELECT count(*) FROM learner WHERE learner_id IN (" + ids + ")")).isEqualTo(1000);
        assertThat(before).contains(":1420:5");

        // the derived totals lost (a bad manual fix, a restored backup of the learner table): rebuilt from the ledger
        database.execute("UPDATE learner SET total_xp = 0, level = 1 WHERE learner_id IN (" + ids + ")");
        asLearner(UUID.randomUUID()).post().uri("/api/gamification/admin/rebuild").exchange().expectStatus().isForbidden();
        asAdmin().post().uri("/api/gamification/admin/rebuild").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.corrected").isEqualTo(1000);
        assertThat(database.scalar(snapshot)).isEqualTo(before);
        asAdmin().post().uri("/api/gamification/admin/rebuild").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.corrected").isEqualTo(0);
    }

    // --- projections: courses, cohorts, names, and the boards built on them --------------------------------------

    @Test
    void the_catalogs_course_samples_make_a_field_and_completing_all_of_it_earns_its_expert_badge_once() throws Exception {
        UUID course = UUID.randomUUID();
        for (String resource : List.of("samples/catalog/course-created.v1.json", "samples/catalog/course-updated.v1.json",
                "samples/catalog/course-published.v1.json")) {
            JsonNode sample = sample(resource);
            String data = EventJson.mapper().writeValueAsString(sample.get("data"))
                    .replace("3f0c8a9e-6b1d-4c55-9a51-2f4d8e7b1c20", course.toString());
            KafkaSupport.sendCloudEvent("catalog.course.v1", course.toString(), UUID.randomUUID().toString(),
                    sample.get("type").asString(), "/catalog-service", bytes(data));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM course WHERE course_id = '"
                + course + "' AND status = 'PUBLISHED' AND category = 'FREINAGE'") == 1);

        UUID learner = UUID.randomUUID();
        for (int delivery = 0; delivery < 2; delivery++) {
            awards.courseCompleted(new CourseCompleted(learner, course, "Freinage", 8, Instant.now())).block();
        }
        assertThat(database.count("SELECT count(*) FROM earned_badge WHERE learner_id = '" + learner + "'")).isEqualTo(2);
        assertThat(database.count("SELECT count(*) FROM xp_award WHERE learner_id = '" + learner
                + "' AND rule = 'badge:expert_brakes' AND xp = 500")).isEqualTo(1);
        assertThat(OutboxRows.count(database, type(BadgeEarned.class), learner.toString())).isEqualTo(2);
        // a learner who completed some other course has not completed the field
        UUID other = UUID.randomUUID();
        awards.courseCompleted(new CourseCompleted(other, UUID.randomUUID(), "Autre", 3, Instant.now())).block();
        assertThat(database.count("SELECT count(*) FROM earned_badge WHERE learner_id = '" + other
                + "' AND badge = 'expert_brakes'")).isZero();
    }

    @Test
    void boards_rank_densely_by_cohort_and_week_show_names_not_ids_and_leave_out_who_opted_out() throws Exception {
        UUID cohort = UUID.randomUUID();
        UUID trainer = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID tiedA = UUID.randomUUID();
        UUID tiedB = UUID.randomUUID();
        UUID outsider = UUID.randomUUID();
        JsonNode joined = sample("samples/identity/cohort-member-added.v1.json");
        JsonNode registered = sample("samples/identity/user-registered.v1.json");
        Map<UUID, String> names = Map.of(first, "Léa", tiedA, "Tom", tiedB, "Lina", outsider, "Hors promo");
        for (UUID learner : names.keySet()) {
            String name = EventJson.mapper().writeValueAsString(registered.get("data"))
                    .replace(sampleLearner(), learner.toString()).replace("Inès Martin", names.get(learner));
            KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                    registered.get("type").asString(), "/auth-service", bytes(name));
            if (learner.equals(outsider)) {
                continue;
            }
            String member = EventJson.mapper().writeValueAsString(joined.get("data")).replace(sampleLearner(), learner.toString())
                    .replace("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", cohort.toString())
                    .replace("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", trainer.toString());
            KafkaSupport.sendCloudEvent("identity.cohort.v1", cohort.toString(), UUID.randomUUID().toString(),
                    joined.get("type").asString(), "/auth-service", bytes(member));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM cohort_member WHERE cohort_id = '"
                + cohort + "'") == 3 && database.count("SELECT count(*) FROM learner_name WHERE learner_id IN ('" + first + "','"
                + tiedA + "','" + tiedB + "','" + outsider + "')") == 4);

        Instant now = Instant.now();
        awards.courseCompleted(new CourseCompleted(first, UUID.randomUUID(), "Climatisation", 5, now)).block();
        lesson(tiedA, now);
        lesson(tiedB, now);
        lesson(outsider, now);
        lesson(outsider, now.plusSeconds(5));

        asLearner(tiedA).get().uri("/api/gamification/leaderboards/cohorts/{c}?period=WEEK", cohort).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.scope").isEqualTo("COHORT")
                .jsonPath("$.entries.length()").isEqualTo(3)
                .jsonPath("$.entries[0].displayName").isEqualTo("Léa")
                .jsonPath("$.entries[0].rank").isEqualTo(1)
                .jsonPath("$.entries[0].xp").isEqualTo(1300)
                .jsonPath("$.entries[1].rank").isEqualTo(2)
                .jsonPath("$.entries[2].rank").isEqualTo(2)
                .jsonPath("$.entries[?(@.me == true)].displayName").isEqualTo("Tom")
                .jsonPath("$.myRank").isEqualTo(2)
                .jsonPath("$.entries[0].learnerId").doesNotExist();
        asLearner(trainer).get().uri("/api/gamification/leaderboards/cohorts/{c}?period=ALL_TIME", cohort).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.entries.length()").isEqualTo(3);
        asLearner(outsider).get().uri("/api/gamification/leaderboards/cohorts/{c}", cohort).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // Lina hides: off every board, nobody's rank shows she was there
        asLearner(tiedB).put().uri("/api/gamification/me/preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("hiddenFromLeaderboards", true)).exchange().expectStatus().isNoContent();
        asLearner(tiedB).get().uri("/api/gamification/leaderboards/cohorts/{c}/around-me", cohort).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.hidden").isEqualTo(true)
                .jsonPath("$.myRank").doesNotExist()
                .jsonPath("$.entries.length()").isEqualTo(0);
        asLearner(tiedA).get().uri("/api/gamification/leaderboards/cohorts/{c}/around-me?radius=1", cohort).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.entries.length()").isEqualTo(2)
                .jsonPath("$.entries[1].displayName").isEqualTo("Tom")
                .jsonPath("$.entries[1].me").isEqualTo(true)
                .jsonPath("$.entries[?(@.displayName == 'Lina')]").isEmpty();
        asLearner(outsider).get().uri("/api/gamification/leaderboards/global/around-me?period=WEEK&radius=2").exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.entries[?(@.me == true)].xp").isEqualTo(70)
                .jsonPath("$.entries[?(@.displayName == 'Lina')]").isEmpty();
        asLearner(outsider).get().uri("/api/gamification/leaderboards/global?period=ALL_TIME&limit=100").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.entries[0].rank").isEqualTo(1);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    static final org.springframework.core.ParameterizedTypeReference<Map<String, Object>> MAP =
            new org.springframework.core.ParameterizedTypeReference<>() {
            };

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rulesOf(Map<String, Object> set) {
        return (List<Map<String, Object>>) set.get("rules");
    }

    private static List<Map<String, Object>> copy(List<Map<String, Object>> rules) {
        return rules.stream().map(rule -> (Map<String, Object>) new LinkedHashMap<>(rule)).toList();
    }

    private void lesson(UUID learner, Instant at) {
        awards.lessonCompleted(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "VIDEO", 120.0, at)).block();
    }

    static Instant paris(String local) {
        return LocalDateTime.parse(local).atZone(PARIS).toInstant();
    }

    /** The streak lengths announced for the learner, in order. */
    private List<Integer> streakDays(UUID learner) {
        return payloads(StreakExtended.class, learner).stream()
                .map(payload -> EventJson.read(bytes(payload), StreakExtended.class).days()).toList();
    }

    private List<String> payloads(Class<? extends DomainEvent> event, UUID learner) {
        List<String> payloads = new ArrayList<>();
        try (Connection connection = database.connect(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT payload::text FROM platform.outbox_event WHERE event_type = '" + type(event) + "' AND subject = '"
                        + learner + "' ORDER BY sequence")) {
            while (rows.next()) {
                payloads.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return payloads;
    }

    private long totalXp(UUID learner) {
        String total = database.scalar("SELECT total_xp FROM learner WHERE learner_id = '" + learner + "'");
        return total == null ? -1 : Long.parseLong(total);
    }

    private static String type(Class<? extends DomainEvent> event) {
        EventDescriptor descriptor = EventCatalog.of(event);
        return descriptor.type();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void send(String topic, String resource, UUID learner) throws Exception {
        JsonNode sample = sample(resource);
        KafkaSupport.sendCloudEvent(topic, sample.get("subject").asString().replace(sampleLearner(), learner.toString()),
                UUID.randomUUID().toString(), sample.get("type").asString(), sample.get("source").asString(),
                bytes(sampleData(resource, learner)));
    }

    private static String sampleLearner() {
        return "8c1f2e3d-4b5a-4c6d-9e8f-7a6b5c4d3e2f";
    }

    /** The producer's golden sample's data, about this test's learner instead of the sample's. */
    private static String sampleData(String resource, UUID learner) throws Exception {
        return EventJson.mapper().writeValueAsString(sample(resource).get("data")).replace(sampleLearner(), learner.toString());
    }

    private static JsonNode sample(String resource) throws Exception {
        try (InputStream in = GamificationIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(UUID.randomUUID().toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private WebTestClient asLearner(UUID learner) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(learner.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }
}
