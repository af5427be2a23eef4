package fr.mecaformation.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** One real Kafka broker (KRaft, embedded from spring-kafka-test) for the whole test JVM. */
public final class KafkaSupport {

    private static volatile EmbeddedKafkaKraftBroker broker;

    private KafkaSupport() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaKraftBroker started = new EmbeddedKafkaKraftBroker(1, 2);
            started.brokerProperties(Map.of(
                    "auto.create.topics.enable", "true",
                    "num.partitions", "2",
                    "group.initial.rebalance.delay.ms", "0"));
            started.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
            broker = started;
        }
        return broker.getBrokersAsString();
    }

    /** A consumer that reads a topic from its beginning, for assertions on what a service published. */
    public static KafkaConsumer<String, byte[]> consumerFromBeginning(String topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Polls until a record matching the predicate arrives or the timeout passes; returns all matches seen. */
    public static List<ConsumerRecord<String, byte[]>> awaitRecords(KafkaConsumer<String, byte[]> consumer,
                                                                    Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                                    int atLeast, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (matches.size() < atLeast && Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (wanted.test(record)) {
                    matches.add(record);
                }
            });
        }
        return matches;
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
