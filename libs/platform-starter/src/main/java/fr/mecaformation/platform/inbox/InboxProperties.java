package fr.mecaformation.platform.inbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param retryInitialInterval first wait before a failed (not poison) event is retried; doubles each time…
 * @param retryMaxInterval     … up to this. Each wait happens between two polls, so it must stay well under the
 *                             consumer's {@code max.poll.interval.ms} (5 min by default)
 * @param retryFor             how long a failing event is retried before it goes to {@code <topic>.dlt}: at least a
 *                             minute, so a database restart or a failover parks nothing
 * @param effectTimeout        how long one event's effect (inside the inbox transaction) may take
 * @param retention            inbox rows ({@code platform.processed_event}) are deleted after this long. It must be
 *                             longer than any topic's retention (Kafka's default is 7 days): a redelivery or a replay
 *                             can only bring back a record still on its topic, so while the inbox remembers an id
 *                             longer than Kafka keeps the record, every duplicate is still recognised
 */
@ConfigurationProperties("meca.inbox")
public record InboxProperties(
        @DefaultValue("500ms") Duration retryInitialInterval,
        @DefaultValue("10s") Duration retryMaxInterval,
        @DefaultValue("2m") Duration retryFor,
        @DefaultValue("30s") Duration effectTimeout,
        @DefaultValue("30d") Duration retention) {
}
