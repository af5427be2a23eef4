package fr.mecaformation.progress.application;

import fr.mecaformation.progress.config.ProgressProperties;
import fr.mecaformation.progress.domain.Heartbeat;
import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.domain.VideoProgress;
import fr.mecaformation.progress.domain.WatchRules;
import fr.mecaformation.progress.persistence.VideoProgressRepository;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Key;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Row;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live heartbeats, written in group commits. Each request waits for the commit that holds its heartbeat, so nothing
 * is acknowledged before it is durable; but while one batch commits, the heartbeats that arrive queue up and share
 * the next transaction: the load decides the batch size, an idle service still writes each heartbeat at once. One
 * batch is in flight per instance; rows are locked in key order, so instances side by side never deadlock.
 */
@Service
public class HeartbeatRecorder {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatRecorder.class);

    public record Recorded(VideoProgress.Effect effect, double watchedSeconds, double durationSeconds,
                           double resumePosition, boolean completed) {

        public int percent() {
            return durationSeconds <= 0 ? 0 : (int) Math.min(100, Math.floor(watchedSeconds * 100 / durationSeconds));
        }
    }

    private record Pending(UUID learnerId, UUID lessonId, Heartbeat heartbeat, Instant receivedAt, Sinks.One<Recorded> result) {
        Key key() {
            return new Key(learnerId, lessonId);
        }
    }

    private final EnrolledLessons lessons;
    private final VideoProgressRepository progress;
    private final Completions completions;
    private final TransactionalOperator transactional;
    private final WatchRules rules;
    private final Clock clock;
    private final int maxBatch;
    private final DistributionSummary batchSizes;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    public HeartbeatRecorder(EnrolledLessons lessons, VideoProgressRepository progress, Completions completions,
                             TransactionalOperator transactional, WatchRules rules, Clock clock,
                             ProgressProperties properties, MeterRegistry meters) {
        this.lessons = lessons;
        this.progress = progress;
        this.completions = completions;
        this.transactional = transactional;
        this.rules = rules;
        this.clock = clock;
        this.maxBatch = properties.heartbeatBatchSize();
        this.batchSizes = DistributionSummary.builder("meca_progress_heartbeat_batch_size")
                .description("Heartbeats written per transaction").register(meters);
    }

    public Mono<Recorded> record(UUID learnerId, UUID lessonId, Heartbeat heartbeat) {
        return Mono.defer(() -> {
            Instant receivedAt = clock.instant();
            if (heartbeat.clientAt().isAfter(receivedAt.plus(VideoProgress.CLOCK_SKEW))) {
                return Mono.error(invalid("clientAt", "L'horodatage du lecteur est dans le futur : vérifiez l'heure de l'appareil."));
            }
            Sinks.One<Recorded> result = Sinks.one();
            queue.add(new Pending(learnerId, lessonId, heartbeat, receivedAt, result));
            drain();
            return result.asMono();
        });
    }

    private void drain() {
        while (!queue.isEmpty() && flushing.compareAndSet(false, true)) {
            List<Pending> batch = new ArrayList<>();
            Pending next;
            while (batch.size() < maxBatch && (next = queue.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                flushing.set(false);
                continue;
            }
            batchSizes.record(batch.size());
            write(batch).doFinally(signal -> {
                flushing.set(false);
                drain();
            }).subscribe(null, failure -> {
                log.warn("heartbeat batch of {} failed: {}", batch.size(), failure.toString());
                batch.forEach(pending -> pending.result().tryEmitError(failure));
            });
            return;
        }
    }

    /** One transaction for the batch; each request learns its own outcome once it has committed. */
    private Mono<Void> write(List<Pending> batch) {
        Map<Pending, Object> results = new LinkedHashMap<>();
        return lessons.find(batch.stream().map(Pending::key).distinct().toList())
                .flatMap(contexts -> {
                    Map<Key, Row> toLock = new LinkedHashMap<>();
                    for (Pending pending : batch) {
                        LessonContext lesson = contexts.get(pending.key());
                        RuntimeException refusal = refusal(lesson, pending);
                        if (refusal != null) {
                            results.put(pending, refusal);
                        } else {
                            toLock.putIfAbsent(pending.key(), new Row(pending.key(), lesson.courseId(), VideoProgress.start(),
                                    lesson.durationSeconds()));
                        }
                    }
                    if (toLock.isEmpty()) {
                        return Mono.empty();
                    }
                    return progress.lockAll(toLock.values(), clock.instant())
                            .collectMap(Row::key)
                            .flatMap(locked -> apply(batch, contexts, locked, results))
                            .as(transactional::transactional);
                })
                .then(Mono.fromRunnable(() -> results.forEach((pending, result) -> {
                    if (result instanceof Recorded recorded) {
                        pending.result().tryEmitValue(recorded);
                    } else {
                        pending.result().tryEmitError((RuntimeException) result);
                    }
                })));
    }

    private Mono<Void> apply(List<Pending> batch, Map<Key, LessonContext> contexts, Map<Key, Row> locked,
                             Map<Pending, Object> results) {
        Map<Key, Row> changed = new LinkedHashMap<>();
        List<Mono<Void>> completed = new ArrayList<>();
        for (Pending pending : batch) {
            if (results.containsKey(pending)) {
                continue;
            }
            LessonContext lesson = contexts.get(pending.key());
            Row current = changed.getOrDefault(pending.key(), locked.get(pending.key()));
            double duration = lesson.durationSeconds();
            VideoProgress.Change change = current.progress().applyLive(pending.heartbeat(), pending.receivedAt(), duration, rules);
            Row next = new Row(pending.key(), lesson.courseId(), change.progress(), duration);
            if (change.effect() != VideoProgress.Effect.IGNORED) {
                changed.put(pending.key(), next);
            }
            double watched = change.progress().watchedSeconds(duration);
            results.put(pending, new Recorded(change.effect(), watched, duration, change.progress().resumePosition(),
                    change.progress().completedAt() != null));
            if (change.completedNow()) {
                completed.add(completions.lessonJustCompleted(pending.learnerId(), lesson, watched, change.progress().completedAt()));
            }
        }
        return progress.saveAll(List.copyOf(changed.values()), clock.instant())
                .then(Flux.concat(completed).then());
    }

    private static RuntimeException refusal(LessonContext lesson, Pending pending) {
        if (lesson == null) {
            return LessonAccess.notFound(pending.lessonId());
        }
        if (!lesson.enrolled()) {
            return LessonAccess.notEnrolled();
        }
        if (!lesson.isVideo()) {
            return new DomainException.Conflict("Cette leçon n'est pas une vidéo : elle se termine autrement.");
        }
        if (pending.heartbeat().positionSeconds() > lesson.durationSeconds() + 1) {
            return invalid("positionSeconds", "La position " + pending.heartbeat().positionSeconds()
                    + " s dépasse la durée de la vidéo (" + lesson.durationSeconds() + " s).");
        }
        return null;
    }

    static DomainException invalid(String field, String message) {
        return new DomainException.Invalid(message, List.of(new FieldError(field, message)));
    }
}
