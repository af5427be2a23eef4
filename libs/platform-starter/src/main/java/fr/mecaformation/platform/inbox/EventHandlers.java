package fr.mecaformation.platform.inbox;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one way a service consumes events: one instance per consumer group, one handler per event record, built
 * with {@link EventDispatcher#group(String)}:
 * <pre>{@code
 * handlers = dispatcher.group("progress-service.certificates")
 *         .on(CourseCompleted.class, issuance::issue);
 *
 * @KafkaListener(topics = CompletionEvents.TOPIC, groupId = "progress-service.certificates",
 *         containerFactory = PlatformAutoConfiguration.CLOUD_EVENT_LISTENER_FACTORY)
 * void on(ConsumerRecord<String, byte[]> record) {
 *     handlers.dispatch(record);
 * }
 * }</pre>
 * {@link #dispatch} reads the record as a CloudEvent, finds the handler of its type, checks the body against the
 * contract's schema, and runs the effect in {@link Inbox#processOnce} (effect and event id commit together, a
 * redelivery does nothing) within the platform's one effect timeout ({@code meca.inbox.effect-timeout}), on the
 * listener thread, so the offset moves on only after the commit. Unreadable input is a {@link PoisonEventException}
 * (straight to {@code .dlt}); a type without a handler is ignored (tolerant reader) and counted in
 * {@code meca.inbox.ignored}. Effects must stay local (the database): a remote call belongs after the commit,
 * asynchronous, so one slow dependency never holds up a partition.
 */
public final class EventHandlers {

    private final String group;
    private final Inbox inbox;
    private final Duration effectTimeout;
    private final MeterRegistry meters;
    private final Map<String, Handler<?>> byType = new LinkedHashMap<>();

    EventHandlers(String group, Inbox inbox, Duration effectTimeout, MeterRegistry meters) {
        this.group = group;
        this.inbox = inbox;
        this.effectTimeout = effectTimeout;
        this.meters = meters;
    }

    /** {@code effect} runs once per event, in the inbox transaction. */
    public <T extends DomainEvent> EventHandlers on(Class<T> eventType, Function<? super T, Mono<Void>> effect) {
        return on(eventType, effect, event -> {
        });
    }

    /**
     * {@code effect} runs once per event, in the inbox transaction; {@code afterCommit} after it committed (also for a
     * redelivery the inbox skipped), on the listener thread: evicting a local cache, or starting (not awaiting)
     * asynchronous work such as a remote call.
     */
    public <T extends DomainEvent> EventHandlers on(Class<T> eventType, Function<? super T, Mono<Void>> effect,
                                                    Consumer<? super T> afterCommit) {
        EventDescriptor descriptor = EventCatalog.of(eventType);
        if (byType.putIfAbsent(descriptor.type(), new Handler<>(descriptor, eventType, effect, afterCommit)) != null) {
            throw new IllegalArgumentException(group + " already handles " + descriptor.type());
        }
        return this;
    }

    /** Handles one record; returns once its effect committed (or it was a duplicate, or a type this group ignores). */
    public void dispatch(ConsumerRecord<String, byte[]> record) {
        IncomingEvent event = IncomingEvent.from(record);
        Handler<?> handler = byType.get(event.type());
        if (handler == null) {
            Counter.builder("meca.inbox.ignored")
                    .description("Events of a type the consumer group has no handler for (tolerant reader)")
                    .tag("group", group)
                    .tag("type", event.type() == null ? "none" : event.type())
                    .register(meters)
                    .increment();
            return;
        }
        handler.handle(event);
    }

    private final class Handler<T extends DomainEvent> {
        private final EventDescriptor descriptor;
        private final Class<T> javaType;
        private final Function<? super T, Mono<Void>> effect;
        private final Consumer<? super T> afterCommit;

        Handler(EventDescriptor descriptor, Class<T> javaType, Function<? super T, Mono<Void>> effect,
                Consumer<? super T> afterCommit) {
            this.descriptor = descriptor;
            this.javaType = javaType;
            this.effect = effect;
            this.afterCommit = afterCommit;
        }

        void handle(IncomingEvent event) {
            T body = event.as(descriptor, javaType);
            inbox.processOnce(group, event.id(), () -> effect.apply(body)).block(effectTimeout);
            afterCommit.accept(body);
        }
    }
}
