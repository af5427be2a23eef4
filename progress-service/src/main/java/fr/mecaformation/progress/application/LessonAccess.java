package fr.mecaformation.progress.application;

import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.persistence.LessonContextRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.util.UUID;

/** The lesson a learner acts on, refused when it is unknown (404) or its course is not theirs to follow (403). */
@Service
public class LessonAccess {

    private final LessonContextRepository lessons;

    public LessonAccess(LessonContextRepository lessons) {
        this.lessons = lessons;
    }

    public Mono<LessonContext> forLearner(UUID learnerId, UUID lessonId) {
        return lessons.find(learnerId, lessonId)
                .switchIfEmpty(Mono.error(() -> notFound(lessonId)))
                .flatMap(lesson -> lesson.enrolled() ? Mono.just(lesson) : Mono.error(notEnrolled()));
    }

    /** The lesson, for its course's trainer or an admin managing its content (quiz questions…). */
    public Mono<LessonContext> forManager(Caller actor, UUID lessonId) {
        return lessons.find(actor.id(), lessonId)
                .switchIfEmpty(Mono.error(() -> notFound(lessonId)))
                .flatMap(lesson -> actor.isAdmin() || actor.subject().equals(lesson.courseOwnerId()) ? Mono.just(lesson)
                        : Mono.error(new DomainException.Forbidden("Seul le formateur de cette formation peut la modifier.")));
    }

    public static DomainException notFound(UUID lessonId) {
        return new DomainException.NotFound("Aucune leçon publiée " + lessonId + ".");
    }

    public static DomainException notEnrolled() {
        return new DomainException.Forbidden("Vous n'êtes pas inscrit à la formation de cette leçon.");
    }
}
