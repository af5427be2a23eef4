package fr.mecaformation.platform.outbox;

import fr.mecaformation.platform.work.PollingLoop;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.codec.Json;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents (binary mode: attributes in {@code ce_*} headers, JSON
 * body), keyed by subject, in three steps that each hold the database only briefly:
 * <ol>
 * <li><b>claim</b>: one short transaction gives a batch of rows a lease ({@code claimed_until}, {@code claimed_by}).
 * Several instances relay side by side; a crashed instance's rows are taken over when their lease ends. A row is
 * never claimed while an earlier unsent row of its key (topic and subject) is leased elsewhere or waiting for its
 * retry, so no instance can overtake another on one key;</li>
 * <li><b>send</b>, outside any transaction and without a pooled connection: keys concurrently, the events of one
 * key one at a time in order, each acknowledged before the next; after a key's first refusal its later events wait
 * for the next pass;</li>
 * <li><b>mark</b> in one short transaction: sent rows get {@code published_at}; a refused row waits
 * ({@code next_attempt_at}, exponential backoff) and is retried for ever, never dropped; the others are released.</li>
 * </ol>
 * At-least-once: a crash between send and mark republishes, which consumers' inbox absorbs.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** Claims are serialised (they are a few milliseconds each) so that two instances never claim one key's rows at once. */
    private static final long CLAIM_LOCK = 0x6d656361_6f757462L; // "mecaoutb"

    private final DatabaseClient db;
    private final TransactionalOperator transactional;
    private final KafkaTemplate<String, CloudEvent> kafka;
    private final OutboxProperties properties;
    private final URI source;
    private final String instance;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingAgeSeconds = new AtomicLong();
    private final PollingLoop loop;

    public OutboxRelay(DatabaseClient db, TransactionalOperator transactional, KafkaTemplate<String, CloudEvent> kafka,
                       OutboxProperties properties, String serviceName, MeterRegistry meters, OutboxCommits commits) {
        this.db = db;
        this.transactional = transactional;
        this.kafka = kafka;
        this.properties = properties;
        this.source = URI.create("/" + serviceName);
        this.instance = serviceName + "/" + UUID.randomUUID();
        this.published = Counter.builder("meca.outbox.published").description("Events relayed to Kafka").register(meters);
        this.failures = Counter.builder("meca.outbox.failures").description("Relay attempts Kafka refused").register(meters);
        Gauge.builder("meca.outbox.pending", pending, AtomicLong::get)
                .description("Committed events not yet on Kafka").register(meters);
        Gauge.builder("meca.outbox.lag.seconds", oldestPendingAgeSeconds, AtomicLong::get)
                .description("Age of the oldest event not yet on Kafka").baseUnit("seconds").register(meters);
        this.loop = new PollingLoop(properties.pollInterval(), () -> relayPending().then(measureLag()), this::logAndContinue);
        commits.listen(loop::wakeUp);
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

    /** One pass: claims, sends and marks up to a batch of pending rows; returns how many were published. */
    public Mono<Integer> relayPending() {
        return claim().flatMap(batch -> {
            if (batch.isEmpty()) {
                return Mono.just(0);
            }
            long leaseEndsNanos = System.nanoTime() + properties.lease().toNanos();
            return Flux.fromIterable(byKey(batch))
                    .flatMap(events -> sendInOrder(events, leaseEndsNanos), properties.sendConcurrency())
                    .collectList()
                    .flatMap(this::mark);
        });
    }

    private Mono<List<PendingEvent>> claim() {
        Mono<List<PendingEvent>> claimed = db.sql("SELECT pg_advisory_xact_lock(:lock)")
                .bind("lock", CLAIM_LOCK)
                .fetch().rowsUpdated()
                .then(db.sql("""
                                UPDATE platform.outbox_event claimed
                                SET claimed_until = now() + make_interval(secs => :leaseSeconds), claimed_by = :instance
                                WHERE claimed.id IN (
                                    SELECT candidate.id FROM platform.outbox_event candidate
                                    WHERE candidate.published_at IS NULL
                                      AND (candidate.claimed_until IS NULL OR candidate.claimed_until < now())
                                      AND (candidate.next_attempt_at IS NULL OR candidate.next_attempt_at <= now())
                                      -- per key order: an earlier unsent row that is leased or waiting holds the key;
                                      -- an earlier one that is free is itself a candidate, ahead in this batch
                                      AND NOT EXISTS (
                                          SELECT 1 FROM platform.outbox_event earlier
                                          WHERE earlier.topic = candidate.topic AND earlier.subject = candidate.subject
                                            AND earlier.published_at IS NULL AND earlier.sequence < candidate.sequence
                                            AND (earlier.claimed_until >= now() OR earlier.next_attempt_at > now()))
                                    ORDER BY candidate.sequence
                                    LIMIT :batch
                                    FOR UPDATE SKIP LOCKED)
                                RETURNING id, sequence, topic, event_type, subject, payload, occurred_at, traceparent,
                                          correlation_id, attempts""")
                        .bind("leaseSeconds", (double) properties.lease().toMillis() / 1000)
                        .bind("instance", instance)
                        .bind("batch", properties.batchSize())
                        .map((row, meta) -> new PendingEvent(
                                row.get("id", UUID.class),
                                row.get("sequence", Long.class),
                                row.get("topic", String.class),
                                row.get("event_type", String.class),
                                row.get("subject", String.class),
                                row.get("payload", Json.class).asArray(),
                                row.get("occurred_at", OffsetDateTime.class),
                                row.get("traceparent", String.class),
                                row.get("correlation_id", String.class),
                                row.get("attempts", Integer.class)))
                        .all()
                        .collectList());
        return transactional.transactional(claimed);
    }

    /** The batch split by key (topic and subject), each key's events in insertion order. */
    private static List<List<PendingEvent>> byKey(List<PendingEvent> batch) {
        Map<String, List<PendingEvent>> keys = new LinkedHashMap<>();
        batch.stream().sorted(Comparator.comparingLong(PendingEvent::sequence))
                .forEach(event -> keys.computeIfAbsent(event.topic() + '\u0000' + event.subject(), key -> new ArrayList<>()).add(event));
        return new ArrayList<>(keys.values());
    }

    /** One key's events, each acknowledged before the next is sent; after a refusal the rest wait for a later pass. */
    private Flux<SendOutcome> sendInOrder(List<PendingEvent> events, long leaseEndsNanos) {
        AtomicBoolean held = new AtomicBoolean();
        return Flux.fromIterable(events).concatMap(event -> {
            // a send that might outlive the lease could race the instance that takes the rows over: leave it to them
            boolean leaseTooShort = leaseEndsNanos - System.nanoTime() < properties.sendTimeout().toNanos() * 2;
            if (held.get() || leaseTooShort) {
                held.set(true);
                return Mono.just(SendOutcome.released(event));
            }
            return send(event).doOnNext(outcome -> {
                if (outcome.status() != Status.SENT) {
                    held.set(true);
                }
            });
        });
    }

    private Mono<SendOutcome> send(PendingEvent event) {
        ProducerRecord<String, CloudEvent> record = new ProducerRecord<>(event.topic(), event.subject(), toCloudEvent(event));
        if (event.traceparent() != null) {
            record.headers().add("traceparent", event.traceparent().getBytes(StandardCharsets.US_ASCII));
        }
        // KafkaTemplate.send blocks while it fetches metadata or creates the producer: keep it off the event loops.
        // The producer's own timeouts (max.block.ms, delivery.timeout.ms) are the send timeout; this one is a backstop.
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(properties.sendTimeout().plus(Duration.ofSeconds(5)))
                .map(sent -> SendOutcome.sent(event))
                .onErrorResume(error -> {
                    failures.increment();
                    String cause = NestedExceptionUtils.getMostSpecificCause(error).toString();
                    log.warn("Outbox event {} ({}, key {}) not relayed, attempt {}: {}", event.id(), event.type(),
                            event.subject(), event.attempts() + 1, cause);
                    return Mono.just(SendOutcome.failed(event, cause));
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

    private Mono<Integer> mark(List<SendOutcome> outcomes) {
        UUID[] sent = ids(outcomes, Status.SENT);
        UUID[] released = ids(outcomes, Status.RELEASED);
        Mono<Void> markSent = sent.length == 0 ? Mono.empty() : db.sql("""
                        UPDATE platform.outbox_event
                        SET published_at = now(), attempts = attempts + 1, claimed_until = NULL, claimed_by = NULL,
                            next_attempt_at = NULL, last_error = NULL
                        WHERE id = ANY(:ids)""")
                .bind("ids", sent)
                .then();
        // only rows this instance still holds: if its lease ran out, they belong to whoever took them over
        Mono<Void> markFailed = Flux.fromIterable(outcomes).filter(outcome -> outcome.status() == Status.FAILED)
                .concatMap(failed -> db.sql("""
                                UPDATE platform.outbox_event
                                SET attempts = attempts + 1, last_error = :error, claimed_until = NULL, claimed_by = NULL,
                                    next_attempt_at = now() + make_interval(secs => :backoffSeconds)
                                WHERE id = :id AND claimed_by = :instance AND published_at IS NULL""")
                        .bind("error", failed.error())
                        .bind("backoffSeconds", (double) properties.backoffAfter(failed.event().attempts() + 1).toMillis() / 1000)
                        .bind("id", failed.event().id())
                        .bind("instance", instance)
                        .then())
                .then();
        Mono<Void> release = released.length == 0 ? Mono.empty() : db.sql("""
                        UPDATE platform.outbox_event SET claimed_until = NULL, claimed_by = NULL
                        WHERE id = ANY(:ids) AND claimed_by = :instance AND published_at IS NULL""")
                .bind("ids", released)
                .bind("instance", instance)
                .then();
        return transactional.transactional(markSent.then(markFailed).then(release))
                .then(Mono.fromSupplier(() -> {
                    published.increment(sent.length);
                    return sent.length;
                }));
    }

    private static UUID[] ids(List<SendOutcome> outcomes, Status status) {
        return outcomes.stream().filter(outcome -> outcome.status() == status).map(outcome -> outcome.event().id())
                .toArray(UUID[]::new);
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

    record PendingEvent(UUID id, long sequence, String topic, String type, String subject, byte[] payload,
                        OffsetDateTime occurredAt, String traceparent, String correlationId, int attempts) {
    }

    enum Status { SENT, FAILED, RELEASED }

    record SendOutcome(PendingEvent event, Status status, String error) {
        static SendOutcome sent(PendingEvent event) {
            return new SendOutcome(event, Status.SENT, null);
        }

        static SendOutcome failed(PendingEvent event, String error) {
            return new SendOutcome(event, Status.FAILED, error);
        }

        static SendOutcome released(PendingEvent event) {
            return new SendOutcome(event, Status.RELEASED, null);
        }
    }
}
