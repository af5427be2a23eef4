package fr.mecaformation.platform.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param pollInterval how often the relay looks for committed events; the lower bound of publication latency
 * @param batchSize    rows claimed per pass
 * @param maxAttempts  after this many refused sends a row is left for an operator (it shows in the lag gauge)
 * @param sendTimeout  how long one Kafka acknowledgement may take before the row is retried
 */
@ConfigurationProperties("meca.outbox")
public record OutboxProperties(
        @DefaultValue("true") boolean relayEnabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("20") int maxAttempts,
        @DefaultValue("10s") Duration sendTimeout) {
}
