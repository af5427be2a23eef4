package fr.mecaformation.progress.application;

import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.events.progress.LessonCompleted;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.progress.domain.LessonContext;
import fr.mecaformation.progress.persistence.CompletionRepository;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.UUID;

/**
 * What follows a finished lesson, in the transaction that finished it: {@code LessonCompleted} once, the course's
 * statistics, and when it was the course's last lesson, {@code CourseCompleted} once (certificates follow from it).
 * Every way a lesson completes (a video watched, a quiz passed, a reading marked done) comes through here.
 */
@Service
public class Completions {

    private final CompletionRepository completions;
    private final OutboxWriter outbox;

    public Completions(CompletionRepository completions, OutboxWriter outbox) {
        this.completions = completions;
        this.outbox = outbox;
    }

    /** Marks the lesson complete if it is not yet; true when this call completed it. Runs in the caller's transaction. */
    public Mono<Boolean> completeLesson(UUID learnerId, LessonContext lesson, Double watchedSeconds, Instant at) {
        return completions.markLessonComplete(learnerId, lesson.lessonId(), lesson.courseId(), at)
                .flatMap(first -> first ? lessonJustCompleted(learnerId, lesson, watchedSeconds, at).thenReturn(true)
                        : Mono.just(false));
    }

    /** For a caller that has itself just set the lesson's completion (the heartbeat batch). */
    public Mono<Void> lessonJustCompleted(UUID learnerId, LessonContext lesson, Double watchedSeconds, Instant at) {
        return outbox.append(new LessonCompleted(learnerId, lesson.courseId(), lesson.lessonId(), lesson.kind().name(),
                        watchedSeconds, at))
                .then(completions.count(lesson.courseId(), 1, 0))
                .then(completions.tally(learnerId, lesson.courseId()))
                .flatMap(tally -> tally.allDone()
                        ? completions.markCourseComplete(learnerId, lesson.courseId(), tally.lessons(), at)
                                .flatMap(first -> first ? courseCompleted(learnerId, lesson, tally.lessons(), at) : Mono.empty())
                        : Mono.empty());
    }

    private Mono<Void> courseCompleted(UUID learnerId, LessonContext lesson, int lessonCount, Instant at) {
        String title = lesson.courseTitle() == null ? "Formation " + lesson.courseId() : lesson.courseTitle();
        return outbox.append(new CourseCompleted(learnerId, lesson.courseId(), title, lessonCount, at))
                .then(completions.count(lesson.courseId(), 0, 1));
    }
}
