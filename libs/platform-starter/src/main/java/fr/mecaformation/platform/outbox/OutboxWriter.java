package fr.mecaformation.platform.outbox;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.platform.metrics.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.r2dbc.postgresql.codec.Json;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Records an event in the caller's database transaction. Call it inside the same transaction as the state
 * change: both commit or neither does, and the relay publishes what committed.
 */
public class OutboxWriter {

    private final DatabaseClient db;
    private final Clock clock;
    private final Optional<Tracer> tracer;
    private final MeterRegistry meters;
    private final OutboxCommits commits;

    public OutboxWriter(DatabaseClient db, Clock clock, Optional<Tracer> tracer, MeterRegistry meters, OutboxCommits commits) {
        this.db = db;
        this.clock = clock;
        this.tracer = tracer;
        this.meters = meters;
        this.commits = commits;
    }

    public Mono<Void> append(DomainEvent event) {
        return Mono.deferContextual(context -> {
            EventDescriptor descriptor = EventCatalog.of(event.getClass());
            DatabaseClient.GenericExecuteSpec insert = db.sql("""
                            INSERT INTO platform.outbox_event (id, topic, event_type, subject, payload, occurred_at, traceparent, correlation_id)
                            VALUES (:id, :topic, :type, :subject, :payload, :occurredAt, :traceparent, :correlationId)""")
                    .bind("id", UUID.randomUUID())
                    .bind("topic", descriptor.topic())
                    .bind("type", descriptor.type())
                    .bind("subject", event.subject())
                    .bind("payload", Json.of(EventJson.write(event)))
                    .bind("occurredAt", clock.instant().atOffset(java.time.ZoneOffset.UTC));
            insert = bindNullable(insert, "traceparent", currentTraceparent());
            insert = bindNullable(insert, "correlationId", context.<String>getOrEmpty(CorrelationContext.KEY).orElse(null));
            // counted once the caller's transaction committed: the business dashboards (registrations, purchases,
            // completions, certificates) read these by event type, and a rolled-back event never happened; and only
            // then is the relay told, since before the commit it could not see the row
            return insert.then().then(AfterCommit.run(() -> {
                Counter.builder("meca.outbox.appended")
                        .description("Events committed to the outbox, by type")
                        .tag("type", descriptor.type()).tag("topic", descriptor.topic())
                        .register(meters).increment();
                commits.committed();
            }));
        });
    }

    private static DatabaseClient.GenericExecuteSpec bindNullable(DatabaseClient.GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    /** W3C traceparent of the request that caused the event, so the trace continues on the consumer side. */
    private String currentTraceparent() {
        return tracer.map(Tracer::currentTraceContext)
                .map(current -> current.context())
                .map(OutboxWriter::traceparent)
                .orElse(null);
    }

    private static String traceparent(TraceContext context) {
        boolean sampled = Boolean.TRUE.equals(context.sampled());
        return "00-" + context.traceId() + "-" + context.spanId() + (sampled ? "-01" : "-00");
    }
}
