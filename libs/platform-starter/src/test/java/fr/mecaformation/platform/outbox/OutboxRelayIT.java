package fr.mecaformation.platform.outbox;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.events.catalog.LessonEvents;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.platform.inbox.DeadLetters;
import fr.mecaformation.platform.inbox.EventDispatcher;
import fr.mecaformation.platform.inbox.EventHandlers;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ProxiedKafka;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import fr.mecaformation.testsupport.TcpProxy;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay against a real PostgreSQL and a real Kafka broker of its own, reached through a TCP proxy so the test
 * can take Kafka away (for every client, a cut proxy is a stopped broker), and the consumer side against a
 * database that goes away: order per key survives outages and refusals, old rows are purged, a database blip parks
 * nothing in the dead-letter topic.
 */
@SpringBootTest(classes = OutboxRelayIT.RelayApplication.class, properties = {
        "meca.outbox.send-timeout=5s",
        "meca.outbox.retry-backoff=200ms",
        "meca.outbox.max-retry-backoff=1s",
        "meca.outbox.lease=30s",
        "meca.outbox.purge-batch-size=2",
        "meca.inbox.retry-initial-interval=200ms",
        "meca.inbox.retry-max-interval=1s",
        "meca.inbox.retry-for=30s"})
class OutboxRelayIT {

    static final String GROUP = "relay-it.projection";

    static ProxiedKafka kafka;
    static TcpProxy postgres;
    static PostgresSupport.Database database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "platform-relay");
        kafka = ProxiedKafka.start(Map.of());
        // the service's R2DBC connections (relay, inbox, effects) go through a proxy the test can cut; Flyway and
        // the test's own checks (JDBC) go straight to the server
        postgres = TcpProxy.to(database.host(), database.port());
        registry.add("spring.r2dbc.url", () -> "r2dbc:postgresql://" + database.host() + ":" + postgres.port() + "/" + database.name());
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("spring.application.name", () -> "relay-it");
    }

    @AfterAll
    static void close() {
        postgres.close();
        kafka.close();
    }

    @Autowired
    OutboxWriter outbox;

    @Autowired
    TransactionalOperator transactional;

    @Autowired
    RetentionPurge purge;

    @Autowired
    MeterRegistry meters;

    @Test
    void kafka_away_for_30_seconds_mid_stream_then_back_every_event_arrives_once_in_effect_and_in_order_per_key() throws Exception {
        List<UUID> courses = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        Map<UUID, Integer> revisions = new LinkedHashMap<>();

        appendCourseUpdates(courses, revisions, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(courses) == 0);

        kafka.cut();
        double failuresBefore = meters.counter("meca.outbox.failures").count();
        Instant outageEnds = Instant.now().plusSeconds(30);
        // events keep being committed during the outage, in several transactions
        for (int round = 0; round < 3; round++) {
            appendCourseUpdates(courses, revisions, 5);
            Thread.sleep(5_000);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("meca.outbox.failures").count() > failuresBefore);
        assertThat(unpublished(courses)).isEqualTo(courses.size() * 15);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), outageEnds).toMillis()));
        kafka.restore();

        appendCourseUpdates(courses, revisions, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(courses) == 0);

        Map<String, List<Long>> received = firstDeliveries(CourseEvents.TOPIC, courses, courses.size() * 30);
        for (UUID course : courses) {
            assertThat(received.get(course.toString()))
                    .as("course %s: each revision once in effect, in commit order", course)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).mapToObj(Long::valueOf).toList());
        }
        // the projection's listener reads the same topic and has no handler for CourseUpdated: tolerated, counted
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var ignored = meters.find("meca.inbox.ignored").tag("group", GROUP)
                    .tag("type", EventCatalog.of(CourseUpdated.class).type()).counter();
            return ignored != null && ignored.count() >= courses.size() * 30;
        });
    }

    @Test
    void a_send_refused_mid_batch_holds_back_the_later_events_of_its_key_but_not_other_keys() throws Exception {
        // the broker refuses records over 20 kB on this topic: a real refusal, RecordTooLargeException. (Above the
        // producer's batch.size, 16 kB, so that batches of small records always pass: the producer re-splits a refused
        // batch only down to batch.size.)
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(LessonEvents.TOPIC, 2, (short) 1)
                    .configs(Map.of("max.message.bytes", "20000")))).all().get(30, TimeUnit.SECONDS);
        }
        UUID refused = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        // one transaction, so all five are in the relay's first batch
        transactional.transactional(Flux.just(
                        lesson(refused, 1, "Purge du circuit"),
                        lesson(other, 1, "Contrôle des plaquettes"),
                        lesson(refused, 2, "x".repeat(100_000)),
                        lesson(refused, 3, "Remplissage"),
                        lesson(other, 2, "Remontage"))
                .concatMap(outbox::append).then()).block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30)).until(() -> attempts(refused, 2) >= 3);
        assertThat(publishedCount(refused, 1)).isEqualTo(1);
        // the refused event was retried (backoff, not given up), and the one after it was never even sent
        assertThat(publishedCount(refused, 3)).isZero();
        assertThat(attempts(refused, 3)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedCount(other, 1) + publishedCount(other, 2) == 2);

        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, LessonEvents.TOPIC),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", "1048588"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedCount(refused, 3) == 1);
        Map<String, List<Long>> received = firstDeliveries(LessonEvents.TOPIC, List.of(refused, other), 5);
        assertThat(received.get(refused.toString())).containsExactly(1L, 2L, 3L);
        assertThat(received.get(other.toString())).containsExactly(1L, 2L);
    }

    @Test
    void the_purge_deletes_old_published_rows_and_old_inbox_rows_and_keeps_unsent_and_recent_ones() {
        String topic = "purge-it.v1";
        for (int i = 0; i < 5; i++) {
            outboxRow(topic, "old-sent", "now() - interval '8 days'", "now() - interval '8 days'", null);
        }
        outboxRow(topic, "recent-sent", "now() - interval '8 days'", "now() - interval '1 hour'", null);
        // unsent however old: kept (held back from the relay here by a retry far in the future)
        outboxRow(topic, "old-unsent", "now() - interval '40 days'", null, "now() + interval '1 day'");
        for (int i = 0; i < 5; i++) {
            database.execute("INSERT INTO platform.processed_event (consumer, event_id, processed_at) VALUES ('purge-it', 'old-"
                    + i + "', now() - interval '31 days')");
        }
        database.execute("INSERT INTO platform.processed_event (consumer, event_id, processed_at) VALUES ('purge-it', 'recent', now() - interval '29 days')");

        purge.purge().block(Duration.ofSeconds(30));

        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = '" + topic + "' AND subject = 'old-sent'")).isZero();
        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = '" + topic + "' AND subject = 'recent-sent'")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = '" + topic + "' AND subject = 'old-unsent'")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = 'purge-it' AND event_id LIKE 'old-%'")).isZero();
        assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = 'purge-it' AND event_id = 'recent'")).isEqualTo(1);
    }

    @Test
    void a_3_second_database_outage_parks_nothing_in_the_dead_letter_topic_and_the_event_is_processed_once_after() throws Exception {
        UUID warmUp = UUID.randomUUID();
        sendCourseCreated(warmUp);
        await().atMost(Duration.ofSeconds(60)).until(() -> projected(warmUp) == 1);

        postgres.cut();
        UUID course = UUID.randomUUID();
        String eventId = sendCourseCreated(course);
        Thread.sleep(3_000); // the outage itself, not a wait for an absence
        assertThat(projected(course)).as("the service's database was away").isZero();
        postgres.restore();

        await().atMost(Duration.ofSeconds(60)).until(() -> projected(course) == 1);
        assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = '" + GROUP
                + "' AND event_id = '" + eventId + "'")).isEqualTo(1);
        // a dead letter is written before the record is skipped; the record was processed, so there is none
        assertThat(recordsOn(DeadLetters.topicFor(CourseEvents.TOPIC))).isZero();
    }

    private void appendCourseUpdates(List<UUID> courses, Map<UUID, Integer> revisions, int perCourse) {
        List<CourseUpdated> events = new ArrayList<>();
        for (int i = 0; i < perCourse; i++) {
            for (UUID course : courses) {
                int revision = revisions.merge(course, 1, Integer::sum);
                events.add(new CourseUpdated(snapshot(course, "Révision " + revision, revision)));
            }
        }
        transactional.transactional(Flux.fromIterable(events).concatMap(outbox::append).then()).block(Duration.ofSeconds(10));
    }

    private static CourseSnapshot snapshot(UUID course, String title, long revision) {
        return new CourseSnapshot(course, "trainer-1", title, "FREINAGE", "DEBUTANT", 9000, "EUR", 60, "PUBLISHED", revision, List.of());
    }

    private static LessonPublished lesson(UUID lesson, int position, String title) {
        return new LessonPublished(lesson, UUID.randomUUID(), UUID.randomUUID(), title, "VIDEO", position, 60.0,
                Instant.parse("2026-01-01T00:00:00Z"), 1);
    }

    private static long unpublished(Collection<UUID> subjects) {
        return database.count("SELECT count(*) FROM platform.outbox_event WHERE published_at IS NULL AND subject IN ("
                + subjects.stream().map(s -> "'" + s + "'").reduce((a, b) -> a + "," + b).orElseThrow() + ")");
    }

    private static long publishedCount(UUID lesson, int position) {
        return database.count("SELECT count(*) FROM platform.outbox_event WHERE subject = '" + lesson
                + "' AND (payload->>'position')::int = " + position + " AND published_at IS NOT NULL");
    }

    private static long attempts(UUID lesson, int position) {
        return database.count("SELECT attempts FROM platform.outbox_event WHERE subject = '" + lesson
                + "' AND (payload->>'position')::int = " + position);
    }

    private static void outboxRow(String topic, String subject, String occurredAt, String publishedAt, String nextAttemptAt) {
        database.execute("INSERT INTO platform.outbox_event (id, topic, event_type, subject, payload, occurred_at, published_at, next_attempt_at) VALUES ('"
                + UUID.randomUUID() + "', '" + topic + "', 'purge.it', '" + subject + "', '{}', " + occurredAt + ", "
                + publishedAt + ", " + nextAttemptAt + ")");
    }

    private static long projected(UUID course) {
        return database.count("SELECT count(*) FROM course_projection WHERE course_id = '" + course + "'");
    }

    /**
     * Reads a topic from the beginning until {@code distinct} different events of these keys arrived, as an inbox would apply them:
     * per key, the order (revision or position) of each event id's first delivery; redeliveries skipped.
     */
    private static Map<String, List<Long>> firstDeliveries(String topic, Collection<UUID> keys, int distinct) {
        Set<String> seen = new LinkedHashSet<>();
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(topic)) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (seen.size() < distinct && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.stream().noneMatch(key -> key.toString().equals(record.key()))) {
                        continue; // another test's
                    }
                    String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
                    if (seen.add(id)) {
                        byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(orderOf(record.value()));
                    }
                }
            }
        }
        assertThat(seen).hasSize(distinct);
        return byKey;
    }

    private static long orderOf(byte[] json) {
        var tree = EventJson.mapper().readTree(json);
        return tree.has("course") ? tree.get("course").get("revision").asLong() : tree.get("position").asLong();
    }

    private static KafkaConsumer<String, byte[]> consumer(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "relay-it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static long recordsOn(String topic) throws Exception {
        try (Admin admin = admin()) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return 0;
            }
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        }
    }

    private static String sendCourseCreated(UUID course) throws Exception {
        String eventId = UUID.randomUUID().toString();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(CourseEvents.TOPIC, course.toString(),
                EventJson.write(new CourseCreated(snapshot(course, "Diagnostic", 1))));
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(eventId))
                .add("ce_source", bytes("/catalog-service"))
                .add("ce_type", bytes(EventCatalog.of(CourseCreated.class).type()))
                .add("ce_subject", bytes(course.toString()))
                .add("content-type", bytes("application/json"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        return eventId;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RelayApplication {

        @Bean
        CourseProjection courseProjection(EventDispatcher dispatcher, DatabaseClient db) {
            return new CourseProjection(dispatcher, db);
        }
    }

    /** A consumer written the way services write theirs; it ignores the CourseUpdated events the other tests relay. */
    static class CourseProjection {

        private final EventHandlers handlers;

        CourseProjection(EventDispatcher dispatcher, DatabaseClient db) {
            this.handlers = dispatcher.group(GROUP)
                    .on(CourseCreated.class, created -> db.sql(
                                    "INSERT INTO course_projection (course_id, title, revision) VALUES (:id, :title, :revision)")
                            .bind("id", created.course().courseId())
                            .bind("title", created.course().title())
                            .bind("revision", created.course().revision())
                            .then());
        }

        @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
                containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
        void on(ConsumerRecord<String, byte[]> record) {
            handlers.dispatch(record);
        }
    }
}
