package fr.mecaformation.progress.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.persistence.LessonContextRepository;
import fr.mecaformation.progress.persistence.VideoProgressRepository.Key;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lessons learners may follow, remembered for a short while: a player sends a heartbeat every few seconds, and
 * asking the database each time whether its learner is still enrolled would be a query per heartbeat. Only
 * permissions are remembered, never refusals (a learner who just enrolled is never turned away), and a revocation
 * heard on this instance forgets the learner at once; on other instances it takes effect within {@link #LIFETIME}.
 * <p>
 * "At once" has two edges. The revocation's transaction forgets the learner before it commits
 * ({@link #forgettingLearner}), so no heartbeat is let through on a remembered permission once the revocation is
 * visible; and its listener forgets again after the commit, for lookups that read the old state in between. A
 * lookup that read the database before a forget never stores what it read afterwards ({@link #generation}): the
 * first test race found here was a heartbeat credited after its learner's revocation had committed.
 */
@Service
public class EnrolledLessons {

    static final Duration LIFETIME = Duration.ofSeconds(30);

    private final LessonContextRepository lessons;
    /** Moves on at every forget; a lookup stores what it read only if no forget happened since it started. */
    private long generation;
    private final Cache<Key, LessonContext> enrolled = Caffeine.newBuilder()
            .expireAfterWrite(LIFETIME).maximumSize(200_000).build();

    public EnrolledLessons(LessonContextRepository lessons) {
        this.lessons = lessons;
    }

    /** The lessons known among {@code keys}; missing keys name no published lesson. */
    public Mono<Map<Key, LessonContext>> find(List<Key> keys) {
        long startedAt = currentGeneration();
        Map<Key, LessonContext> found = new HashMap<>();
        List<UUID[]> unknown = new ArrayList<>();
        for (Key key : keys) {
            LessonContext known = enrolled.getIfPresent(key);
            if (known != null) {
                found.put(key, known);
            } else if (!found.containsKey(key)) {
                unknown.add(new UUID[] {key.learnerId(), key.lessonId()});
            }
        }
        if (unknown.isEmpty()) {
            return Mono.just(found);
        }
        return lessons.findAll(unknown)
                .doOnNext(row -> {
                    Key key = new Key(row.learnerId(), row.lesson().lessonId());
                    found.put(key, row.lesson());
                    if (row.lesson().enrolled()) {
                        remember(key, row.lesson(), startedAt);
                    }
                })
                .then(Mono.fromSupplier(() -> found));
    }

    /** Access or content changed: what was remembered of this learner goes. */
    public synchronized void forgetLearner(UUID learnerId) {
        generation++;
        enrolled.asMap().keySet().removeIf(key -> key.learnerId().equals(learnerId));
    }

    /** A lesson was republished (its duration may have changed). */
    public synchronized void forgetLesson(UUID lessonId) {
        generation++;
        enrolled.asMap().keySet().removeIf(key -> key.lessonId().equals(lessonId));
    }

    /**
     * The effect that takes a learner's access away, forgetting them first, inside its transaction: once it commits,
     * nothing remembered lets them through. The listener forgets again after the commit.
     */
    public Mono<Void> forgettingLearner(UUID learnerId, Mono<Void> revocation) {
        return Mono.fromRunnable(() -> forgetLearner(learnerId)).then(revocation);
    }

    private synchronized long currentGeneration() {
        return generation;
    }

    // forgets are rare (revocations, republished lessons) and stores happen only on a cache miss, after a query:
    // one monitor for both costs nothing that matters and makes "no forget since the lookup started" exact
    private synchronized void remember(Key key, LessonContext lesson, long startedAt) {
        if (generation == startedAt) {
            enrolled.put(key, lesson);
        }
    }
}
