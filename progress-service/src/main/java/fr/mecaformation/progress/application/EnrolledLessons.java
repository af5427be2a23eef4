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
 */
@Service
public class EnrolledLessons {

    static final Duration LIFETIME = Duration.ofSeconds(30);

    private final LessonContextRepository lessons;
    private final Cache<Key, LessonContext> enrolled = Caffeine.newBuilder()
            .expireAfterWrite(LIFETIME).maximumSize(200_000).build();

    public EnrolledLessons(LessonContextRepository lessons) {
        this.lessons = lessons;
    }

    /** The lessons known among {@code keys}; missing keys name no published lesson. */
    public Mono<Map<Key, LessonContext>> find(List<Key> keys) {
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
                        enrolled.put(key, row.lesson());
                    }
                })
                .then(Mono.fromSupplier(() -> found));
    }

    /** Access or content changed: what was remembered of this learner goes. */
    public void forgetLearner(UUID learnerId) {
        enrolled.asMap().keySet().removeIf(key -> key.learnerId().equals(learnerId));
    }

    /** A lesson was republished (its duration may have changed). */
    public void forgetLesson(UUID lessonId) {
        enrolled.asMap().keySet().removeIf(key -> key.lessonId().equals(lessonId));
    }
}
