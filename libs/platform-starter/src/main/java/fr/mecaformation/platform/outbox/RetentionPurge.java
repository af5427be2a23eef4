package fr.mecaformation.platform.outbox;

import fr.mecaformation.platform.work.PollingLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Keeps the platform tables from growing for ever: published outbox rows older than {@code meca.outbox.retention}
 * and inbox rows older than {@code meca.inbox.retention} are deleted by a background loop, oldest first, a bounded
 * batch per statement (each its own short transaction) and a bounded number of batches per pass, so a large
 * backlog is worked off over several passes without long locks. Unpublished outbox rows are never purged.
 */
public class RetentionPurge implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int MAX_BATCHES_PER_PASS = 20;

    private final DatabaseClient db;
    private final Duration outboxRetention;
    private final Duration inboxRetention;
    private final int batchSize;
    private final Counter purged;
    private final PollingLoop loop;

    public RetentionPurge(DatabaseClient db, Duration outboxRetention, Duration inboxRetention, Duration interval,
                          int batchSize, MeterRegistry meters) {
        this.db = db;
        this.outboxRetention = outboxRetention;
        this.inboxRetention = inboxRetention;
        this.batchSize = batchSize;
        this.purged = Counter.builder("meca.platform.purged").description("Old outbox and inbox rows deleted").register(meters);
        this.loop = new PollingLoop(interval, this::purge, error -> {
            log.warn("Purge of old outbox and inbox rows failed, retrying in {}: {}", interval, error.toString());
            return Mono.empty();
        });
    }

    /** One pass over both tables; returns how many rows were deleted. Public for tests. */
    public Mono<Long> purge() {
        Mono<Long> outbox = inBatches("""
                DELETE FROM platform.outbox_event WHERE id IN (
                    SELECT id FROM platform.outbox_event
                    WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => :retentionSeconds)
                    ORDER BY published_at LIMIT :batch)""", outboxRetention);
        Mono<Long> inbox = inBatches("""
                DELETE FROM platform.processed_event WHERE (consumer, event_id) IN (
                    SELECT consumer, event_id FROM platform.processed_event
                    WHERE processed_at < now() - make_interval(secs => :retentionSeconds)
                    ORDER BY processed_at LIMIT :batch)""", inboxRetention);
        return outbox.zipWith(inbox, Long::sum).doOnNext(purged::increment);
    }

    private Mono<Long> inBatches(String delete, Duration retention) {
        return Flux.range(0, MAX_BATCHES_PER_PASS)
                .concatMap(batch -> db.sql(delete)
                        .bind("retentionSeconds", (double) retention.toSeconds())
                        .bind("batch", batchSize)
                        .fetch().rowsUpdated())
                .takeUntil(deleted -> deleted < batchSize)
                .reduce(0L, Long::sum);
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
}
