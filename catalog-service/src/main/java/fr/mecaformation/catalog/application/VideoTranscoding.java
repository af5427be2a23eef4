package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.config.MediaProperties;
import fr.mecaformation.catalog.domain.Video;
import fr.mecaformation.catalog.media.MediaStorage;
import fr.mecaformation.catalog.media.VideoTools;
import fr.mecaformation.catalog.persistence.LessonRepository;
import fr.mecaformation.catalog.persistence.VideoRepository;
import fr.mecaformation.events.catalog.VideoReady;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.platform.work.PollingLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The transcoding worker. It claims one due video at a time (several instances share the queue), runs ffmpeg in
 * a private workspace, publishes the workspace in one rename, and only then — in one transaction — marks the
 * video READY, points the lesson at it and announces {@link VideoReady}. A failure discards the workspace and
 * retries later with a doubled delay; after the last attempt the video is FAILED with the reason, and the lesson
 * keeps whatever it showed before.
 */
@Service
public class VideoTranscoding implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VideoTranscoding.class);

    private final VideoRepository videos;
    private final LessonRepository lessons;
    private final MediaStorage storage;
    private final VideoTools tools;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final MediaProperties properties;
    private final Clock clock;
    private final Timer transcodingTime;
    private final PollingLoop loop;
    /** Touched by the loop's passes only, which never overlap. */
    private Instant nextSweep = Instant.MIN;

    public VideoTranscoding(VideoRepository videos, LessonRepository lessons, MediaStorage storage, VideoTools tools,
                            OutboxWriter outbox, TransactionalOperator transactional, MediaProperties properties, Clock clock,
                            MeterRegistry meters) {
        this.videos = videos;
        this.lessons = lessons;
        this.storage = storage;
        this.tools = tools;
        this.outbox = outbox;
        this.transactional = transactional;
        this.properties = properties;
        this.clock = clock;
        this.transcodingTime = Timer.builder("meca.video.transcoding").description("Successful transcodings")
                .register(meters);
        this.loop = new PollingLoop(properties.pollInterval(), this::transcodeDue, error -> {
            log.error("transcoding pass failed", error);
            return Mono.empty();
        });
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

    /**
     * One pass of the worker: sweeps staging debris, then transcodes due videos one after another until none is due;
     * answers how many it handled.
     */
    public Mono<Long> transcodeDue() {
        return sweepStagingWhenDue().then(transcodeQueued());
    }

    /**
     * Sweeping reads the modification time of every staging file (a running job's workspace holds thousands of
     * segments), so it runs every half idle period, not on every poll.
     */
    private Mono<Void> sweepStagingWhenDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return Mono.empty();
        }
        nextSweep = now.plus(properties.stagingMaxIdle().dividedBy(2));
        return Mono.fromRunnable(() -> storage.sweepStaging(properties.stagingMaxIdle()))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    private Mono<Long> transcodeQueued() {
        return Mono.defer(() -> videos.claimDue(clock.instant(), properties.lease()).as(transactional::transactional))
                .flatMap(this::transcode)
                .defaultIfEmpty(false)
                .repeat()
                .takeWhile(handled -> handled)
                .count();
    }

    private Mono<Boolean> transcode(Video video) {
        long started = System.nanoTime();
        return Mono.fromCallable(() -> runTools(video))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> {
                    Instant now = clock.instant();
                    return videos.markReady(video.id(), result.probe().durationSeconds(), result.qualities(), now)
                            .then(lessons.showVideo(video.lessonId(), video.id(), now))
                            .then(lessons.findById(video.lessonId()))
                            .flatMap(lesson -> outbox.append(new VideoReady(video.id(), lesson.id(), lesson.courseId(),
                                    result.probe().durationSeconds(), result.qualities(), now)))
                            .as(transactional::transactional)
                            .doOnSuccess(done -> transcodingTime.record(Duration.ofNanos(System.nanoTime() - started)))
                            .onErrorResume(error -> Mono.fromRunnable(() -> storage.delete(VideoLibrary.renditionsKey(video.id())))
                                    .subscribeOn(Schedulers.boundedElastic()).then(Mono.error(error)));
                })
                .thenReturn(true)
                .onErrorResume(error -> failed(video, error).thenReturn(true));
    }

    private record Result(VideoTools.Probe probe, List<Integer> qualities) {
    }

    private Result runTools(Video video) {
        Path source = storage.localFile(VideoLibrary.sourceKey(video.id()));
        Path workspace = storage.newWorkspace();
        try {
            VideoTools.Probe probe = tools.probe(source);
            List<Integer> qualities = tools.transcode(source, probe, workspace, properties.transcodeTimeout());
            storage.delete(VideoLibrary.renditionsKey(video.id()));
            storage.publishDirectory(VideoLibrary.renditionsKey(video.id()), workspace);
            return new Result(probe, qualities);
        } catch (RuntimeException e) {
            storage.discardWorkspace(workspace);
            throw e;
        }
    }

    private Mono<Void> failed(Video video, Throwable error) {
        boolean last = video.attempts() >= properties.maxAttempts();
        Instant now = clock.instant();
        Instant retryAt = last ? null : now.plus(properties.retryDelay().multipliedBy(1L << (video.attempts() - 1)));
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        log.warn("transcoding of video {} failed (attempt {}/{}): {}", video.id(), video.attempts(),
                properties.maxAttempts(), reason);
        return videos.markFailed(video.id(), reason.length() > 500 ? reason.substring(0, 500) : reason, retryAt, now);
    }
}
