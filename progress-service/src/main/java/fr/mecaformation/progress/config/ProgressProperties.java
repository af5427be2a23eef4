package fr.mecaformation.progress.config;

import fr.mecaformation.progress.domain.WatchRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code meca.progress.*}: how watching is judged and how many heartbeats share a transaction. */
@ConfigurationProperties("meca.progress")
public record ProgressProperties(double completionRatio, Duration maxHeartbeatGap, int heartbeatBatchSize) {

    public WatchRules watchRules() {
        return new WatchRules(completionRatio, maxHeartbeatGap);
    }
}
