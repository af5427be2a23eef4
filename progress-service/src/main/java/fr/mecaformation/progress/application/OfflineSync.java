package fr.mecaformation.progress.application;

import fr.mecaformation.progress.domain.GivenAnswer;
import fr.mecaformation.progress.domain.Heartbeat;
import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.domain.VideoProgress;
import fr.mecaformation.progress.domain.WatchRules;
import fr.mecaformation.progress.persistence.LessonContextRepository;
import fr.mecaformation.progress.persistence.OfflineRepository;
import fr.mecaformation.progress.persistence.OfflineRepository.OfflineHeartbeat;
import fr.mecaformation.progress.persistence.OfflineRepository.StoredItem;
import fr.mecaformation.progress.persistence.VideoProgressRepository;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Key;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Row;
import fr.mecaformation.platform.grant.PlaybackGrant;
import fr.mecaformation.platform.grant.PlaybackGrants;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the PWA did offline (heartbeats, notes, quiz answers), sent as one batch when the connection is back. Each item
 * carries an id the device made up: an item already applied answers DUPLICATE (a resend after a lost answer is
 * harmless), the same id with another content is REJECTED. Heartbeats are stored and every playback they belong to is re-paired from all its stored
 * heartbeats, so batches give the same progress in any order, any number of times. One bad item never sinks the
 * others: each gets its own result, in the order sent.
 */
@Service
public class OfflineSync {

    /** Offline heartbeats older than this are refused: the app's queue never keeps them that long. */
    static final Duration MAX_AGE = Duration.ofDays(30);

    public enum Status { APPLIED, DUPLICATE, REJECTED }

    /** @param rejection why the item was refused before reaching here (its shape), null when it is well-formed */
    public record OfflineItem(String clientId, byte[] contentHash, OfflineChange change, String rejection) {
    }

    public sealed interface OfflineChange permits HeartbeatChange, NoteEdit, QuizAnswers {
    }

    /** @param grant the playback grant catalog-service gave with the lesson's media links (null when none was sent) */
    public record HeartbeatChange(UUID lessonId, Heartbeat heartbeat, String grant) implements OfflineChange {
    }

    public record NoteEdit(Notes.NoteChange change) implements OfflineChange {
    }

    public record QuizAnswers(UUID lessonId, UUID attemptId, Integer quizVersion, List<GivenAnswer> answers)
            implements OfflineChange {
    }

    /** @param result what the learner sees next: the note as stored, or the scored attempt with its feedback */
    public record ItemResult(String clientId, Status status, String code, String detail, Object result) {
        static ItemResult applied(String clientId) {
            return new ItemResult(clientId, Status.APPLIED, null, null, null);
        }

        static ItemResult rejected(String clientId, String code, String detail) {
            return new ItemResult(clientId, Status.REJECTED, code, detail, null);
        }
    }

    private final LessonContextRepository lessons;
    private final OfflineRepository offline;
    private final VideoProgressRepository progress;
    private final Completions completions;
    private final Notes notes;
    private final Quizzes quizzes;
    private final TransactionalOperator transactional;
    private final WatchRules rules;
    private final PlaybackGrants grants;
    private final Clock clock;

    public OfflineSync(LessonContextRepository lessons, OfflineRepository offline, VideoProgressRepository progress,
                       Completions completions, Notes notes, Quizzes quizzes, TransactionalOperator transactional,
                       WatchRules rules, PlaybackGrants grants, Clock clock) {
        this.grants = grants;
        this.notes = notes;
        this.quizzes = quizzes;
        this.lessons = lessons;
        this.offline = offline;
        this.progress = progress;
        this.completions = completions;
        this.transactional = transactional;
        this.rules = rules;
        this.clock = clock;
    }

    public Mono<List<ItemResult>> apply(UUID learnerId, List<OfflineItem> items) {
        Instant now = clock.instant();
        Map<OfflineItem, ItemResult> results = new IdentityHashMap<>();
        Map<String, OfflineItem> firstById = new LinkedHashMap<>();
        for (OfflineItem item : items) {
            OfflineItem first = firstById.putIfAbsent(item.clientId(), item);
            if (item.rejection() != null) {
                results.put(item, ItemResult.rejected(item.clientId(), "INVALID", item.rejection()));
            } else if (first != null && first != item && !Arrays.equals(first.contentHash(), item.contentHash())) {
                results.put(item, conflict(item));
            }
        }
        return offline.appliedItems(learnerId, firstById.keySet()).collectMap(StoredItem::clientId)
                .flatMap(stored -> {
                    List<OfflineItem> fresh = new ArrayList<>();
                    for (OfflineItem item : firstById.values()) {
                        if (results.containsKey(item)) {
                            continue;
                        }
                        StoredItem known = stored.get(item.clientId());
                        if (known == null) {
                            fresh.add(item);
                        } else if (Arrays.equals(known.contentHash(), item.contentHash())) {
                            results.put(item, new ItemResult(item.clientId(), Status.DUPLICATE, null, null, null));
                        } else {
                            results.put(item, conflict(item));
                        }
                    }
                    List<OfflineItem> heartbeats = fresh.stream().filter(item -> item.change() instanceof HeartbeatChange).toList();
                    return applyHeartbeats(learnerId, heartbeats, results, now)
                            .then(applyOneByOne(learnerId, fresh, results, now));
                })
                .then(Mono.fromSupplier(() -> items.stream().map(item -> answer(item, firstById, results)).toList()));
    }

    /** A repeat of an id within the batch shares its first occurrence's fate. */
    private static ItemResult answer(OfflineItem item, Map<String, OfflineItem> firstById, Map<OfflineItem, ItemResult> results) {
        ItemResult own = results.get(item);
        if (own != null) {
            return own;
        }
        ItemResult first = results.get(firstById.get(item.clientId()));
        return first.status() == Status.APPLIED ? new ItemResult(item.clientId(), Status.DUPLICATE, null, null, null) : first;
    }

    /**
     * Notes and quiz answers, each in its own transaction (one refused item must not undo the others); a note's
     * changes in version order, so an edit never arrives before the creation it edits.
     */
    private Mono<Void> applyOneByOne(UUID learnerId, List<OfflineItem> fresh, Map<OfflineItem, ItemResult> results, Instant now) {
        List<OfflineItem> ordered = fresh.stream().filter(item -> !(item.change() instanceof HeartbeatChange))
                .sorted(Comparator.comparing((OfflineItem item) -> item.change() instanceof NoteEdit note
                                ? note.change().noteId().toString() : "")
                        .thenComparing(item -> item.change() instanceof NoteEdit note && note.change().baseVersion() != null
                                ? note.change().baseVersion() : -1L))
                .toList();
        List<StoredItem> applied = new ArrayList<>();
        return Flux.fromIterable(ordered)
                .concatMap(item -> outcome(learnerId, item).doOnNext(result -> {
                    results.put(item, result);
                    if (result.status() == Status.APPLIED) {
                        applied.add(new StoredItem(item.clientId(), item.contentHash(), Status.APPLIED.name(), null));
                    }
                }))
                .then(Mono.defer(() -> offline.recordApplied(learnerId, applied, now)));
    }

    private Mono<ItemResult> outcome(UUID learnerId, OfflineItem item) {
        if (item.change() instanceof NoteEdit note) {
            return notes.applyOffline(learnerId, note.change()).map(outcome -> switch (outcome.status()) {
                case APPLIED, UNCHANGED -> new ItemResult(item.clientId(), Status.APPLIED, null, null, outcome.note());
                case CONFLICT -> new ItemResult(item.clientId(), Status.REJECTED, "CONFLICT", outcome.detail(), outcome.version());
                case REJECTED -> ItemResult.rejected(item.clientId(), "INVALID", outcome.detail());
                case NOT_FOUND -> ItemResult.rejected(item.clientId(), "NOT_FOUND", outcome.detail());
                case FORBIDDEN -> ItemResult.rejected(item.clientId(), "FORBIDDEN", outcome.detail());
            });
        }
        QuizAnswers quiz = (QuizAnswers) item.change();
        return quizzes.submitOffline(learnerId, quiz.lessonId(), quiz.attemptId(), quiz.quizVersion(), quiz.answers())
                .map(outcome -> switch (outcome.status()) {
                    case SCORED, REPLAYED -> new ItemResult(item.clientId(), Status.APPLIED, null, null, outcome.result());
                    case REJECTED -> ItemResult.rejected(item.clientId(), "INVALID", outcome.detail());
                    case COOLING_DOWN -> new ItemResult(item.clientId(), Status.REJECTED, "COOLING_DOWN", outcome.detail(),
                            outcome.retryAfterSeconds());
                    case NO_ATTEMPTS_LEFT -> ItemResult.rejected(item.clientId(), "NO_ATTEMPTS_LEFT", outcome.detail());
                    case CONFLICT -> ItemResult.rejected(item.clientId(), "CONFLICT", outcome.detail());
                    case NOT_FOUND -> ItemResult.rejected(item.clientId(), "NOT_FOUND", outcome.detail());
                    case FORBIDDEN -> ItemResult.rejected(item.clientId(), "FORBIDDEN", outcome.detail());
                });
    }

    private Mono<Void> applyHeartbeats(UUID learnerId, List<OfflineItem> fresh, Map<OfflineItem, ItemResult> results,
                                       Instant now) {
        if (fresh.isEmpty()) {
            return Mono.empty();
        }
        List<UUID[]> pairs = fresh.stream().map(item -> new UUID[] {learnerId, ((HeartbeatChange) item.change()).lessonId()})
                .toList();
        return lessons.findAll(pairs).collectMap(found -> found.lesson().lessonId(), LessonContextRepository.Keyed::lesson)
                .flatMap(contexts -> {
                    List<OfflineItem> accepted = new ArrayList<>();
                    for (OfflineItem item : fresh) {
                        HeartbeatChange change = (HeartbeatChange) item.change();
                        ItemResult refusal = refusal(learnerId, item, change, contexts.get(change.lessonId()), now);
                        if (refusal != null) {
                            results.put(item, refusal);
                        } else {
                            accepted.add(item);
                        }
                    }
                    if (accepted.isEmpty()) {
                        return Mono.empty();
                    }
                    return store(learnerId, accepted, contexts, now)
                            .then(offline.recordApplied(learnerId, accepted.stream()
                                    .map(item -> new StoredItem(item.clientId(), item.contentHash(), Status.APPLIED.name(), null))
                                    .toList(), now))
                            .as(transactional::transactional)
                            .doOnSuccess(done -> accepted.forEach(item -> results.put(item, ItemResult.applied(item.clientId()))));
                });
    }

    private Mono<Void> store(UUID learnerId, List<OfflineItem> accepted, Map<UUID, LessonContext> contexts, Instant now) {
        List<OfflineHeartbeat> heartbeats = accepted.stream()
                .map(item -> (HeartbeatChange) item.change())
                .map(change -> new OfflineHeartbeat(change.lessonId(), change.heartbeat()))
                .toList();
        Set<UUID> touchedLessons = heartbeats.stream().map(OfflineHeartbeat::lessonId).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<UUID> touchedSessions = heartbeats.stream().map(h -> h.heartbeat().sessionId()).collect(Collectors.toSet());
        List<Row> toLock = touchedLessons.stream()
                .map(lesson -> new Row(new Key(learnerId, lesson), contexts.get(lesson).courseId(), VideoProgress.start(),
                        contexts.get(lesson).durationSeconds()))
                .toList();
        // one statement after the other on the transaction's connection: the playbacks must include this batch
        return offline.store(learnerId, heartbeats)
                .then(progress.lockAll(toLock, now).collectMap(row -> row.key().lessonId()))
                .flatMap(locked -> offline.playbacks(learnerId, touchedLessons, touchedSessions)
                        .collectMultimap(OfflineHeartbeat::lessonId, OfflineHeartbeat::heartbeat)
                        .map(playbacks -> Tuples.of(locked, playbacks)))
                .flatMap(lockedAndPlaybacks -> {
                    List<Row> changed = new ArrayList<>();
                    List<Mono<Void>> completed = new ArrayList<>();
                    for (UUID lessonId : touchedLessons) {
                        LessonContext lesson = contexts.get(lessonId);
                        Row row = lockedAndPlaybacks.getT1().get(lessonId);
                        VideoProgress.Change change = row.progress().applyOffline(
                                List.copyOf(lockedAndPlaybacks.getT2().get(lessonId)), now, lesson.durationSeconds(), rules);
                        changed.add(new Row(row.key(), lesson.courseId(), change.progress(), lesson.durationSeconds()));
                        if (change.completedNow()) {
                            completed.add(completions.lessonJustCompleted(learnerId, lesson,
                                    change.progress().watchedSeconds(lesson.durationSeconds()), now));
                        }
                    }
                    return progress.saveAll(changed, now).then(Flux.concat(completed).then());
                });
    }

    private ItemResult refusal(UUID learnerId, OfflineItem item, HeartbeatChange change, LessonContext lesson, Instant now) {
        if (lesson == null) {
            return ItemResult.rejected(item.clientId(), "NOT_FOUND", LessonAccess.notFound(change.lessonId()).getMessage());
        }
        if (!lesson.enrolled()) {
            return ItemResult.rejected(item.clientId(), "FORBIDDEN", LessonAccess.notEnrolled().getMessage());
        }
        if (!lesson.isVideo()) {
            return ItemResult.rejected(item.clientId(), "NOT_A_VIDEO", "Cette leçon n'est pas une vidéo.");
        }
        Heartbeat heartbeat = change.heartbeat();
        if (heartbeat.positionSeconds() > lesson.durationSeconds() + 1) {
            return ItemResult.rejected(item.clientId(), "INVALID", "La position " + heartbeat.positionSeconds()
                    + " s dépasse la durée de la vidéo (" + lesson.durationSeconds() + " s).");
        }
        if (heartbeat.clientAt().isAfter(now.plus(VideoProgress.CLOCK_SKEW))) {
            return ItemResult.rejected(item.clientId(), "INVALID", "L'horodatage est dans le futur : vérifiez l'heure de l'appareil.");
        }
        if (heartbeat.clientAt().isBefore(now.minus(MAX_AGE))) {
            return ItemResult.rejected(item.clientId(), "TOO_OLD", "Cette lecture date de plus de 30 jours : elle n'est plus prise en compte.");
        }
        // Offline, the device's clock is all there is: only what the server attested bounds it. A heartbeat counts
        // only with a grant catalog-service signed for this learner and this lesson, and only inside its window
        // (from the moment the video was handed out), so a batch can't credit a video never fetched, nor back-date
        // a viewing to before it was.
        Optional<PlaybackGrant> grant = grants.read(change.grant())
                .filter(read -> read.learnerId().equals(learnerId) && read.lessonId().equals(change.lessonId()));
        if (grant.isEmpty()) {
            return ItemResult.rejected(item.clientId(), "UNATTESTED", "Cette lecture hors ligne n'est accompagnée d'aucune "
                    + "autorisation de lecture valable pour cette leçon : relancez la vidéo en ligne pour l'obtenir.");
        }
        if (!grant.get().covers(heartbeat.clientAt())) {
            return ItemResult.rejected(item.clientId(), "OUTSIDE_GRANT", "Cette lecture est datée en dehors de la période "
                    + "couverte par l'autorisation de lecture de la vidéo : elle n'est pas prise en compte.");
        }
        return null;
    }

    private static ItemResult conflict(OfflineItem item) {
        return ItemResult.rejected(item.clientId(), "CONFLICT",
                "Cet identifiant a déjà servi pour un autre contenu : générez un nouvel identifiant par élément.");
    }
}
