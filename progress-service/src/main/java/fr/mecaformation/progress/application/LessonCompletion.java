package fr.mecaformation.progress.application;

import fr.mecaformation.progress.persistence.CompletionRepository;
import fr.mecaformation.web.problem.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Reading and practical lessons are done when their learner says so; marking one twice changes nothing. */
@Service
public class LessonCompletion {

    private final LessonAccess access;
    private final Completions completions;
    private final CompletionRepository completed;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public LessonCompletion(LessonAccess access, Completions completions,
                            CompletionRepository completed,
                            TransactionalOperator transactional, Clock clock) {
        this.access = access;
        this.completions = completions;
        this.completed = completed;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** When the lesson was completed (now, or the first time). */
    public Mono<Instant> markDone(UUID learnerId, UUID lessonId) {
        return access.forLearner(learnerId, lessonId)
                .flatMap(lesson -> switch (lesson.kind()) {
                    case VIDEO -> Mono.error(new DomainException.Conflict(
                            "Une vidéo est terminée quand vous l'avez regardée (90 %), pas sur déclaration."));
                    case QUIZ -> Mono.error(new DomainException.Conflict("Un quiz est terminé quand vous l'avez réussi."));
                    case READING, PRACTICE -> completions.completeLesson(learnerId, lesson, null, clock.instant())
                            .then(completed.completedAt(learnerId, lessonId));
                })
                .as(transactional::transactional);
    }
}
