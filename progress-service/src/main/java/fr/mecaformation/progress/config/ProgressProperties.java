package fr.mecaformation.progress.config;

import fr.mecaformation.progress.domain.WatchRules;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code meca.progress.*}: how watching is judged and how much one request may carry. */
@ConfigurationProperties("meca.progress")
public record ProgressProperties(double completionRatio, double maxPlaybackRate, Duration maxHeartbeatGap,
                                 int heartbeatBatchSize, int syncMaxItems) {

    public WatchRules watchRules() {
        return new WatchRules(completionRatio, maxPlaybackRate, maxHeartbeatGap);
    }
}
