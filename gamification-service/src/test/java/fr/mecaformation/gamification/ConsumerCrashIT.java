package fr.mecaformation.gamification;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.gamification.XpAwarded;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ProxiedKafka;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer killed in the middle of a batch and the broker restarted: every learner's total is still the exact
 * sum of their awards, none lost, none doubled, one {@code XpAwarded} per award. A broker of its own (not the JVM's
 * shared one) so that restarting it disturbs no other test.
 */
@SpringBootTest
class ConsumerCrashIT {

    static final String GROUP = "gamification-service.xp";
    static final int LEARNERS = 32;

    static PostgresSupport.Database database;
    static ProxiedKafka kafka;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "gamification-service");
        // outside the local profile badges are signed with a configured key (BadgeCredentialIT tests them)
        registry.add("meca.gamification.badge-credentials.signing-key", () -> BadgeCredentialIT.generate("it").toJSONString());
        // a restarted broker is accepted once the controller has expired its previous session: keep that short
        kafka = ProxiedKafka.start(Map.of("broker.session.timeout.ms", "3000", "broker.heartbeat.interval.ms", "500"));
        // registered after the shared broker's address: this one wins
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void killed_mid_batch_and_the_broker_restarted_twice_every_total_is_exact_and_every_award_published_once() throws Exception {
        // the kill must not finish the records already fetched: the container stops after the record in hand
        listeners.getListenerContainers().forEach(container -> {
            container.stop();
            container.getContainerProperties().setStopImmediate(true);
            container.start();
        });

        // 32 learners (208 events), 3 to 10 lessons each on one Paris day, interleaved so every poll mixes learners
        Map<UUID, Integer> lessons = new HashMap<>();
        List<LessonCompleted> batch = new ArrayList<>();
        List<UUID> learners = new ArrayList<>();
        for (int i = 0; i < LEARNERS; i++) {
            UUID learner = UUID.randomUUID();
            learners.add(learner);
            lessons.put(learner, 3 + i % 8);
        }
        Instant morning = Instant.parse("2026-11-26T08:00:00Z");
        for (int round = 0; round < 10; round++) {
            for (UUID learner : learners) {
                if (round < lessons.get(learner)) {
                    batch.add(new LessonCompleted(learner, UUID.randomUUID(), UUID.randomUUID(), "READING", null,
                            morning.plusSeconds(60L * round)));
                }
            }
        }
        int events = batch.size();
        String type = EventCatalog.of(LessonCompleted.class).type();
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (LessonCompleted lesson : batch) {
                byte[] body = EventJson.mapper().writeValueAsBytes(lesson);
                assertThat(EventSchemas.violations(EventCatalog.of(LessonCompleted.class), body)).isEmpty();
                String id = UUID.randomUUID().toString();
                ids.add(id);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(CompletionEvents.TOPIC,
                        lesson.learnerId().toString(), body);
                record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(id))
                        .add("ce_source", bytes("/progress-service")).add("ce_type", bytes(type))
                        .add("ce_subject", bytes(lesson.learnerId().toString()))
                        .add("content-type", bytes("application/json"));
                producer.send(record);
            }
            producer.flush();
        }
        String processed = "SELECT count(*) FROM platform.processed_event WHERE consumer = '" + GROUP + "'";

        // kill: the listener stops while consuming, some records handled and committed, the rest not yet
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> database.count(processed) >= 40);
        listeners.getListenerContainers().forEach(container -> container.stop());
        long handledAtKill = database.count(processed);
        assertThat(handledAtKill).as("killed mid-batch").isBetween(40L, events - 1L);

        // the broker goes down and comes back with its logs and the group's committed offsets
        kafka.restartBroker();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            long committedTotal = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(CompletionEvents.TOPIC))
                    .mapToLong(e -> e.getValue().offset()).sum();
            assertThat(committedTotal).as("the restarted broker kept the offsets committed before the kill")
                    .isBetween(1L, (long) events - 1);
            assertThat(database.count(processed)).as("nothing consumed while the listener was dead").isEqualTo(handledAtKill);

            // resumed; the broker restarted once more under the live consumer, commits in flight cut
            listeners.getListenerContainers().forEach(container -> container.start());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> database.count(processed) >= handledAtKill + 20);
            kafka.restartBroker();

            await().atMost(Duration.ofSeconds(40)).until(() -> database.count(processed) == events);
            // and the group caught up with the end of the topic: nothing left to redeliver later
            Map<TopicPartition, OffsetSpec> ends = committed.keySet().stream()
                    .filter(partition -> partition.topic().equals(CompletionEvents.TOPIC))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            var endOffsets = admin.listOffsets(ends).all().get();
            await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> {
                var now = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
                return endOffsets.entrySet().stream().allMatch(end -> now.get(end.getKey()) != null
                        && now.get(end.getKey()).offset() == end.getValue().offset());
            });
        }

        assertThat(database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = '" + GROUP
                + "' AND event_id IN (" + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")"))
                .as("every event of the batch handled once").isEqualTo(events);
        Map<String, long[]> actual = new HashMap<>();
        try (Connection connection = database.connect(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT l.learner_id, l.total_xp,"
                        + " (SELECT coalesce(sum(xp), 0) FROM xp_award a WHERE a.learner_id = l.learner_id),"
                        + " (SELECT count(*) FROM xp_award a WHERE a.learner_id = l.learner_id),"
                        + " (SELECT count(*) FROM platform.outbox_event o WHERE o.subject = l.learner_id::text"
                        + "    AND o.event_type = '" + EventCatalog.of(XpAwarded.class).type() + "')"
                        + " FROM learner l")) {
            while (rows.next()) {
                actual.put(rows.getString(1), new long[]{rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5)});
            }
        }
        assertThat(actual).hasSize(LEARNERS);
        for (UUID learner : learners) {
            int n = lessons.get(learner);
            // 10 XP a lesson, the daily challenge (1 lesson, 50 XP) once, the weekly one (5 lessons, 300 XP) once
            long expectedXp = 10L * n + 50 + (n >= 5 ? 300 : 0);
            long expectedAwards = n + 1 + (n >= 5 ? 1 : 0);
            long[] row = actual.get(learner.toString());
            assertThat(row).as("learner " + learner).isNotNull();
            assertThat(row[0]).as("total of " + n + " lessons").isEqualTo(expectedXp);
            assertThat(row[1]).as("ledger sum").isEqualTo(expectedXp);
            assertThat(row[2]).as("ledger rows").isEqualTo(expectedAwards);
            assertThat(row[3]).as("one XpAwarded per award").isEqualTo(expectedAwards);
        }
        assertThat(database.count("SELECT count(*) FROM completed_lesson")).isEqualTo(events);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
