package fr.mecaformation.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

    private static KafkaProducer<String, byte[]> producer;

    /**
     * Sends a CloudEvent in Kafka binary mode, as the platform's outbox relays do (attributes in {@code ce_*}
     * headers, JSON body), and waits for the broker's acknowledgement: what another service would publish.
     */
    public static synchronized ConsumerRecord<String, byte[]> sendCloudEvent(String topic, String key, String eventId,
                                                                             String type, String source, byte[] body) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body);
        record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(eventId))
                .add("ce_source", bytes(source))
                .add("ce_type", bytes(type))
                .add("ce_subject", bytes(key))
                .add("content-type", bytes("application/json"));
        try {
            RecordMetadata sent = producer.send(record).get(30, TimeUnit.SECONDS);
            return new ConsumerRecord<>(sent.topic(), sent.partition(), sent.offset(), key, body);
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + type + " to " + topic, e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A consumer that reads a topic from its beginning, for assertions on what a service published. */
    /**
     * Creates the topics that do not exist yet (one partition each), so a service's listeners find the topics they
     * consume at subscription, as they do where the producers declare them (Strimzi's KafkaTopics, ./meca).
     */
    public static void createTopics(String... topics) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", bootstrapServers()))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

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
    /** Every matching record that arrives within {@code window}: for asserting that something was published once, or never. */
    public static List<ConsumerRecord<String, byte[]>> recordsDuring(KafkaConsumer<String, byte[]> consumer,
                                                                     Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                                     Duration window) {
        List<ConsumerRecord<String, byte[]>> matches = new ArrayList<>();
        Instant deadline = Instant.now().plus(window);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (wanted.test(record)) {
                    matches.add(record);
                }
            });
        }
        return matches;
    }

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
