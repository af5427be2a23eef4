package fr.mecaformation.platform.outbox;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.codec.Json;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import fr.mecaformation.platform.work.PollingLoop;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents (binary mode: attributes in {@code ce_*} headers, JSON
 * body), keyed by subject. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several instances of a
 * service relay side by side without publishing a row twice; a row is marked sent only once Kafka acknowledged
 * it, so a crash in between republishes it (at-least-once) and consumers' inbox makes that harmless.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator transactional;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final OutboxProperties properties;
    private final URI source;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final PollingLoop loop;

    public OutboxRelay(DatabaseClient db, TransactionalOperator transactional, KafkaTemplate<String, CloudEvent> kafka,
                       OutboxProperties properties, String serviceName, Clock clock, MeterRegistry meters) {
        this.db = db;
        this.transactional = transactional;
        this.kafka = kafka;
        this.properties = properties;
        this.source = URI.create("/" + serviceName);
        this.clock = clock;
        this.published = Counter.builder("meca.outbox.published").description("Events relayed to Kafka").register(meters);
        this.failures = Counter.builder("meca.outbox.failures").description("Relay attempts Kafka refused").register(meters);
        Gauge.builder("meca.outbox.pending", pending, AtomicLong::get)
                .description("Committed events not yet on Kafka").register(meters);
        Gauge.builder("meca.outbox.lag.seconds", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest event not yet on Kafka").baseUnit("seconds").register(meters);
        this.loop = new PollingLoop(properties.pollInterval(), () -> relayPending().then(measureLag()), this::logAndContinue);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }

    /** One pass: relays up to a batch of pending rows. Public for tests that want no polling delay. */
    public Mono<Integer> relayPending() {
        return transactional.transactional(claimBatch()
                .concatMap(this::send)
                .collectList()
                .flatMap(this::recordOutcome));
    }

    private Flux<PendingEvent> claimBatch() {
        return db.sql("""
                        SELECT id, topic, event_type, subject, payload, occurred_at, traceparent, correlation_id
                        FROM platform.outbox_event
                        WHERE published_at IS NULL AND attempts < :maxAttempts
                        ORDER BY sequence
                        LIMIT :batch
                        FOR UPDATE SKIP LOCKED""")
                .bind("maxAttempts", properties.maxAttempts())
                .bind("batch", properties.batchSize())
                .map((row, meta) -> new PendingEvent(
                        row.get("id", UUID.class),
                        row.get("topic", String.class),
                        row.get("event_type", String.class),
                        row.get("subject", String.class),
                        row.get("payload", Json.class).asArray(),
                        row.get("occurred_at", OffsetDateTime.class),
                        row.get("traceparent", String.class),
                        row.get("correlation_id", String.class)))
                .all();
    }

    private Mono<SendOutcome> send(PendingEvent event) {
        ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(event.topic(), event.subject(), toCloudEvent(event));
        if (event.traceparent() != null) {
            record.headers().add("traceparent", event.traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        // KafkaTemplate.send blocks while it fetches metadata or creates the producer: keep it off the event loops
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.sendTimeout())
                .map(sent -> SendOutcome.sent(event.id()))
                .onErrorResume(error -> {
                    failures.increment();
                    log.warn("Outbox event {} ({}) not relayed: {}", event.id(), event.type(),
                            NestedExceptionUtils.getMostSpecificCause(error).toString());
                    return Mono.just(SendOutcome.failed(event.id(), error.toString()));
                });
    }

    private CloudEvent toCloudEvent(PendingEvent event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id().toString())
                .withSource(source)
                .withType(event.type())
                .withSubject(event.subject())
                .withTime(event.occurredAt())
                .withDataContentType("application/json")
                .withData(event.payload());
        if (event.traceparent() != null) {
            builder.withExtension("traceparent", event.traceparent());
        }
        if (event.correlationId() != null) {
            builder.withExtension("correlationid", event.correlationId());
        }
        return builder.build();
    }

    private Mono<Integer> recordOutcome(List<SendOutcome> outcomes) {
        List<UUID> sent = outcomes.stream().filter(SendOutcome::succeeded).map(SendOutcome::id).toList();
        Mono<Void> markSent = sent.isEmpty() ? Mono.empty() : db.sql(
                        "UPDATE platform.outbox_event SET published_at = :now, attempts = attempts + 1 WHERE id = ANY(:ids)")
                .bind("now", clock.instant().atOffset(ZoneOffset.UTC))
                .bind("ids", sent.toArray(UUID[]::new))
                .then();
        Mono<Void> markFailed = Flux.fromIterable(outcomes).filter(outcome -> !outcome.succeeded())
                .concatMap(failed -> db.sql("UPDATE platform.outbox_event SET attempts = attempts + 1, last_error = :error WHERE id = :id")
                        .bind("error", failed.error())
                        .bind("id", failed.id())
                        .then())
                .then();
        return markSent.then(markFailed).then(Mono.fromSupplier(() -> {
            published.increment(sent.size());
            return sent.size();
        }));
    }

    private Mono<Void> measureLag() {
        return db.sql("""
                        SELECT count(*) AS pending, EXTRACT(EPOCH FROM (now() - min(occurred_at))) AS age
                        FROM platform.outbox_event WHERE published_at IS NULL""")
                .map((row, meta) -> {
                    pending.set(row.get("pending", Long.class));
                    Number age = row.get("age", Number.class);
                    oldestPendingAgeSeconds.set(age == null ? 0 : Math.round(age.doubleValue()));
                    return true;
                })
                .one()
                .then();
    }

    private Mono<Void> logAndContinue(Throwable error) {
        failures.increment();
        log.warn("Outbox relay pass failed, retrying in {}: {}", properties.pollInterval(), error.toString());
        return Mono.empty();
    }

    @Override
    public int getPhase() {
        // stop before the Kafka producer and the connection pool go away
        return Integer.MAX_VALUE - 100;
    }

    record PendingEvent(UUID id, String topic, String type, String subject, byte[] payload, OffsetDateTime occurredAt,
                        String traceparent, String correlationId) {
    }

    record SendOutcome(UUID id, boolean succeeded, String error) {
        static SendOutcome sent(UUID id) {
            return new SendOutcome(id, true, null);
        }

        static SendOutcome failed(UUID id, String error) {
            return new SendOutcome(id, false, error);
        }
    }

}
