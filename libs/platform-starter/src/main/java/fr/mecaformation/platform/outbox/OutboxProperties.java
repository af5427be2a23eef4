package fr.mecaformation.platform.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pollInterval      how often the relay looks for committed events; the lower bound of publication latency
 * @param batchSize         rows claimed per pass
 * @param sendTimeout       how long one Kafka send may take (the producer's delivery and blocking timeouts are set
 *                          from it) before the row is retried
 * @param lease             how long claimed rows stay with the instance that claimed them; after it another instance
 *                          takes them over (a crashed relay's rows are not lost). Longer than a pass takes.
 * @param sendConcurrency   how many keys are sent at once (within a key, one event at a time, in order)
 * @param retryBackoff      wait before the first retry of a refused send; doubles with each refusal…
 * @param maxRetryBackoff   … up to this: a refused row is retried for ever (its key waits, in order), never dropped
 * @param retention         published rows are deleted after this long
 * @param purgeInterval     how often old published rows (and old inbox rows) are purged
 * @param purgeBatchSize    rows deleted per statement, so a purge never holds long locks
 */
@ConfigurationProperties("meca.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("16") int sendConcurrency,
        @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("1m") Duration maxRetryBackoff,
        @DefaultValue("7d") Duration retention,
        @DefaultValue("1m") Duration purgeInterval,
        @DefaultValue("1000") int purgeBatchSize) {

    /** The wait before the next attempt of a row Kafka refused {@code attempts} times (attempts ≥ 1). */
    public Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 30);
        long millis = retryBackoff.toMillis() << Math.min(doublings, 20);
        return Duration.ofMillis(Math.min(millis, maxRetryBackoff.toMillis()));
    }
}
