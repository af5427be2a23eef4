package fr.mecaformation.platform.inbox;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.platform.PlatformAutoConfiguration;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer side of the platform's messaging, against a real Kafka broker and PostgreSQL: effects happen once
 * per event whatever Kafka redelivers, poison goes to the dead-letter topic, and offsets are committed only after
 * the effect's transaction.
 */
@SpringBootTest(classes = InboxConsumerIT.ConsumerApplication.class, properties = "meca.inbox.retry-initial-interval=100ms")
class InboxConsumerIT {

    static final String GROUP = "inbox-it";
    static final EventDescriptor COURSE_CREATED = EventCatalog.of(CourseCreated.class);

    static PostgresSupport.Database database;
    static KafkaProducer<String, byte[]> producer;
    static KafkaConsumer<String, byte[]> deadLetters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "platform-inbox");
        registry.add("spring.application.name", () -> "inbox-it");
    }

    @BeforeAll
    static void clients() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSupport.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        deadLetters = KafkaSupport.consumerFromBeginning(DeadLetters.topicFor(CourseEvents.TOPIC));
    }

    @AfterAll
    static void close() {
        producer.close();
        deadLetters.close();
    }

    @Autowired
    CourseProjection projection;

    @Autowired
    MeterRegistry meters;

    @Test
    void an_event_delivered_five_times_changes_the_projection_once() {
        UUID courseId = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        double duplicatesBefore = meters.counter("meca.inbox.duplicates").count();

        for (int delivery = 0; delivery < 5; delivery++) {
            send(eventId, courseId, body(courseId, "Freinage", 1));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> meters.counter("meca.inbox.duplicates").count() - duplicatesBefore >= 4);
        assertThat(count("SELECT count(*) FROM course_projection WHERE course_id = '" + courseId + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM platform.processed_event WHERE event_id = '" + eventId + "'")).isEqualTo(1);
        assertThat(projection.effects(courseId)).isEqualTo(1);
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void a_failing_effect_leaves_no_trace_its_offset_uncommitted_and_the_redelivery_applies_it_once(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        UUID courseId = UUID.randomUUID();
        projection.failNextAttempts(courseId, 2);

        ConsumerRecord<String, byte[]> sent = send(UUID.randomUUID().toString(), courseId, body(courseId, "Climatisation", 1));

        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM course_projection WHERE course_id = '" + courseId + "'") == 1);
        assertThat(projection.attempts(courseId)).isEqualTo(3);
        assertThat(projection.effects(courseId)).isEqualTo(1);
        // while the effect ran, the record's offset was not yet committed: a crash there would have redelivered it
        assertThat(projection.committedOffsetSeenDuringEffect(courseId)).isLessThanOrEqualTo(sent.offset());
        await().atMost(Duration.ofSeconds(10)).until(() -> committedOffset(sent.partition()) > sent.offset());
        // each failed attempt is in the log with where and why, not only the container's causeless INFO line
        assertThat(output.getAll()).contains(sent.topic() + "-" + sent.partition() + "@" + sent.offset())
                .contains("failed on attempt 1").contains("failed on attempt 2")
                .contains("injected failure after the write, before the commit");
    }

    @Test
    void poison_goes_to_the_dead_letter_topic_and_the_next_event_is_still_processed() {
        String garbageKey = "poison-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(CourseEvents.TOPIC, garbageKey, "{not a cloudevent".getBytes(StandardCharsets.UTF_8)));
        UUID brokenCourse = UUID.randomUUID();
        send(UUID.randomUUID().toString(), brokenCourse, "{\"course\":{\"title\":\"sans identifiant\"}}".getBytes(StandardCharsets.UTF_8));
        UUID healthyCourse = UUID.randomUUID();
        send(UUID.randomUUID().toString(), healthyCourse, body(healthyCourse, "Diagnostic moteur", 1));

        List<ConsumerRecord<String, byte[]>> parked = KafkaSupport.awaitRecords(deadLetters,
                r -> garbageKey.equals(r.key()) || brokenCourse.toString().equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(parked).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(garbageKey, brokenCourse.toString());
        assertThat(KafkaSupport.header(parked.get(0), "kafka_dlt-exception-message")).isNotBlank();
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM course_projection WHERE course_id = '" + healthyCourse + "'") == 1);
        assertThat(projection.attempts(brokenCourse)).isZero();
    }

    private ConsumerRecord<String, byte[]> send(String eventId, UUID courseId, byte[] body) {
        return KafkaSupport.sendCloudEvent(CourseEvents.TOPIC, courseId.toString(), eventId, COURSE_CREATED.type(),
                "/catalog-service", body);
    }

    private static byte[] body(UUID courseId, String title, long revision) {
        return EventJson.write(new CourseCreated(new CourseSnapshot(courseId, "trainer-1", title, "FREINAGE", "DEBUTANT",
                9000, "EUR", 60, "DRAFT", revision, List.of())));
    }

    static long committedOffset(int partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaSupport.bootstrapServers()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(CourseEvents.TOPIC, partition));
            return committed == null ? -1 : committed.offset();
        }
    }

    private static long count(String sql) {
        return database.count(sql);
    }

    /** A minimal service that keeps a projection of the catalog, written the way domain services write theirs. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ConsumerApplication {

        @Bean
        CourseProjection courseProjection(EventDispatcher dispatcher, DatabaseClient db) {
            return new CourseProjection(dispatcher, db);
        }
    }

    static class CourseProjection {

        private final EventHandlers handlers;
        private final DatabaseClient db;
        private volatile ConsumerRecord<String, byte[]> current; // the listener thread's record, for the offset probe
        private final Map<UUID, AtomicInteger> failuresToInject = new ConcurrentHashMap<>();
        private final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final Map<UUID, AtomicInteger> effects = new ConcurrentHashMap<>();
        private final Map<UUID, Long> committedDuringEffect = new ConcurrentHashMap<>();

        CourseProjection(EventDispatcher dispatcher, DatabaseClient db) {
            this.db = db;
            this.handlers = dispatcher.group(GROUP).on(CourseCreated.class, created -> apply(created.course(), current));
        }

        @KafkaListener(topics = CourseEvents.TOPIC, groupId = GROUP,
                containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
        void on(ConsumerRecord<String, byte[]> record) {
            current = record;
            handlers.dispatch(record);
        }

        private Mono<Void> apply(CourseSnapshot course, ConsumerRecord<String, byte[]> record) {
            UUID id = course.courseId();
            attempts.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            Mono<Void> write = db.sql("INSERT INTO course_projection (course_id, title, revision) VALUES (:id, :title, :revision)")
                    .bind("id", id).bind("title", course.title()).bind("revision", course.revision())
                    .then();
            // the admin client blocks: probe the committed offset off the database driver's event loop
            return write.publishOn(Schedulers.boundedElastic()).then(Mono.fromCallable(() -> {
                committedDuringEffect.put(id, committedOffset(record.partition()));
                AtomicInteger failures = failuresToInject.get(id);
                if (failures != null && failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("injected failure after the write, before the commit");
                }
                effects.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                return true;
            })).then();
        }

        void failNextAttempts(UUID courseId, int count) {
            failuresToInject.put(courseId, new AtomicInteger(count));
        }

        int attempts(UUID courseId) {
            return attempts.getOrDefault(courseId, new AtomicInteger()).get();
        }

        int effects(UUID courseId) {
            return effects.getOrDefault(courseId, new AtomicInteger()).get();
        }

        long committedOffsetSeenDuringEffect(UUID courseId) {
            return committedDuringEffect.get(courseId);
        }
    }
}
