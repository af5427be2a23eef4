package fr.mecaformation.progress.application;

import fr.mecaformation.progress.persistence.OverviewRepository;
import fr.mecaformation.progress.persistence.OverviewRepository.LessonLine;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a learner stands: per lesson and per course, the next lesson, and what to resume. */
@Service
public class ProgressOverview {

    private final OverviewRepository overview;

    public ProgressOverview(OverviewRepository overview) {
        this.overview = overview;
    }

    public record LessonProgress(UUID lessonId, String title, String kind, int percent, double resumePositionSeconds,
                                 boolean completed, Instant completedAt) {
    }

    public record CourseProgress(UUID courseId, String title, int percent, int lessonCount, int completedLessons,
                                 UUID nextLessonId, List<LessonProgress> lessons) {
    }

    public Mono<CourseProgress> course(UUID learnerId, UUID courseId) {
        return courseProgress(learnerId, courseId, true);
    }

    private Mono<CourseProgress> courseProgress(UUID learnerId, UUID courseId, boolean mustBeEnrolled) {
        return overview.course(learnerId, courseId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune formation " + courseId + ".")))
                .flatMap(course -> course.enrolled() || !mustBeEnrolled ? Mono.just(course) : Mono.error(LessonAccess.notEnrolled()))
                .zipWhen(course -> overview.lessons(learnerId, courseId).collectList())
                .map(courseAndLessons -> {
                    List<LessonLine> lines = courseAndLessons.getT2();
                    List<LessonProgress> lessons = lines.stream().map(ProgressOverview::lessonProgress).toList();
                    int done = (int) lessons.stream().filter(LessonProgress::completed).count();
                    UUID next = lessons.stream().filter(lesson -> !lesson.completed()).map(LessonProgress::lessonId)
                            .findFirst().orElse(null);
                    return new CourseProgress(courseId, courseAndLessons.getT1().title(), percent(done, lessons.size()),
                            lessons.size(), done, next, lessons);
                });
    }

    public record CourseSummary(UUID courseId, String title, int percent, long lessonCount, long completedLessons,
                                Instant lastActivity, Instant completedAt) {
    }

    public Flux<CourseSummary> courses(UUID learnerId) {
        return overview.courses(learnerId).map(line -> new CourseSummary(line.courseId(), line.title(),
                percent(line.completed(), line.lessons()), line.lessons(), line.completed(), line.lastActivity(),
                line.completedAt()));
    }

    public record Resume(UUID courseId, String courseTitle, UUID lessonId, String lessonTitle, double positionSeconds,
                         int percentOfVideo, Instant at) {
    }

    /** 404 when there is nothing to resume, so the app shows its "start a course" state. */
    public Mono<Resume> resume(UUID learnerId) {
        return overview.latest(learnerId)
                .map(point -> new Resume(point.courseId(), point.courseTitle(), point.lessonId(), point.lessonTitle(),
                        point.positionSeconds(), point.durationSeconds() == null ? 0
                                : (int) Math.min(100, point.positionSeconds() * 100 / point.durationSeconds()), point.at()))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune vidéo en cours.")));
    }

    public record FollowedLearner(UUID learnerId, String displayName, String cohorts, List<CourseSummary> courses) {
    }

    /** A trainer's view of their cohorts' learners (an admin's: every cohort's), course by course. */
    public Flux<FollowedLearner> cohortsOf(Caller trainer) {
        return overview.followedBy(trainer.id(), trainer.isAdmin())
                .concatMap(learner -> courses(learner.learnerId()).collectList()
                        .map(courses -> new FollowedLearner(learner.learnerId(), learner.displayName(), learner.cohortName(),
                                courses)));
    }

    /**
     * One learner's progress in one course, for a trainer who has them in a cohort (or an admin). Anyone else learns
     * nothing, not even whether the learner exists: 404.
     */
    public Mono<CourseProgress> courseOfFollowed(Caller trainer, UUID learnerId, UUID courseId) {
        Mono<Boolean> allowed = trainer.isAdmin() ? Mono.just(true) : overview.follows(trainer.id(), learnerId);
        return allowed.flatMap(yes -> yes ? courseProgress(learnerId, courseId, false)
                : Mono.error(new DomainException.NotFound("Aucun apprenant " + learnerId + " dans vos cohortes.")));
    }

    private static LessonProgress lessonProgress(LessonLine line) {
        boolean completed = line.completedAt() != null;
        int percent = completed ? 100 : line.durationSeconds() == null ? 0
                : (int) Math.min(99, Math.floor(line.watchedSeconds() * 100 / line.durationSeconds()));
        return new LessonProgress(line.lessonId(), line.title(), line.kind(), percent, line.resumePosition(), completed,
                line.completedAt());
    }

    private static int percent(long part, long whole) {
        return whole == 0 ? 0 : (int) (part * 100 / whole);
    }
}
