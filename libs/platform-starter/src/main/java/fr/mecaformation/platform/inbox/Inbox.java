package fr.mecaformation.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.util.function.Supplier;

/**
 * Makes a consumer's effect happen once per event id: the id is recorded in {@code platform.processed_event} in the same
 * transaction as the effect, so a redelivered event finds its id taken and does nothing, and an effect that
 * fails leaves no id behind, so the redelivery does it.
 */
public class Inbox {

    private final DatabaseClient db;
    private final TransactionalOperator transactional;
    private final Counter duplicates;

    public Inbox(DatabaseClient db, TransactionalOperator transactional, MeterRegistry meters) {
        this.db = db;
        this.transactional = transactional;
        this.duplicates = Counter.builder("meca.inbox.duplicates")
                .description("Redelivered events recognised and skipped").register(meters);
    }

    /** @return true when the effect ran, false when this consumer had already processed the event */
    public Mono<Boolean> processOnce(String consumer, String eventId, Supplier<Mono<Void>> effect) {
        Mono<Boolean> claimThenApply = db.sql("""
                        INSERT INTO platform.processed_event (consumer, event_id) VALUES (:consumer, :eventId)
                        ON CONFLICT DO NOTHING""")
                .bind("consumer", consumer)
                .bind("eventId", eventId)
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        duplicates.increment();
                        return Mono.just(false);
                    }
                    return effect.get().thenReturn(true);
                });
        return transactional.transactional(claimThenApply);
    }
}
