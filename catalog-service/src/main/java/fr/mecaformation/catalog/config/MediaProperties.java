package fr.mecaformation.catalog.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param root             where the filesystem media storage keeps sources and renditions
 * @param maxUploadSize    largest source video accepted
 * @param signingKey       base64 HMAC key of media links; every instance of the service must share it
 * @param linkGrace        a media link lives the video's duration plus this, then it is refused
 * @param offlineWindow    how long after a playback answer its grant lets offline heartbeats of that lesson count
 * @param transcodeTimeout one ffmpeg run longer than this is abandoned and the attempt fails
 * @param lease            how long a worker owns a job before another may take it over (worker crashed)
 * @param maxAttempts      failed transcoding attempts before the video is FAILED for good
 * @param retryDelay       wait before the first retry; doubled for each later one
 * @param stagingMaxIdle   staging files and workspaces not written to for this long are debris and removed
 */
@ConfigurationProperties("meca.catalog.media")
public record MediaProperties(
        Path root,
        @DefaultValue("2GB") DataSize maxUploadSize,
        String signingKey,
        @DefaultValue("15m") Duration linkGrace,
        @DefaultValue("7d") Duration offlineWindow,
        @DefaultValue("ffmpeg") String ffmpeg,
        @DefaultValue("ffprobe") String ffprobe,
        @DefaultValue("30s") Duration probeTimeout,
        @DefaultValue("2h") Duration transcodeTimeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("3h") Duration lease,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("30s") Duration retryDelay,
        @DefaultValue("1h") Duration stagingMaxIdle) {
}
