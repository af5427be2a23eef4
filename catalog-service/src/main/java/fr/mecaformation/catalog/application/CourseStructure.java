package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseModule;
import fr.mecaformation.catalog.domain.CourseNotFound;
import fr.mecaformation.catalog.domain.Lesson;
import fr.mecaformation.catalog.domain.LessonKind;
import fr.mecaformation.catalog.domain.LessonNotFound;
import fr.mecaformation.catalog.domain.Video;
import fr.mecaformation.catalog.persistence.CourseRepository;
import fr.mecaformation.catalog.persistence.LessonRepository;
import fr.mecaformation.catalog.persistence.VideoRepository;
import fr.mecaformation.events.catalog.LessonPublished;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A course's modules and lessons: built by its trainer, shown to everyone once published. */
@Service
public class CourseStructure {

    private final CourseRepository courses;
    private final LessonRepository lessons;
    private final VideoRepository videos;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public CourseStructure(CourseRepository courses, LessonRepository lessons, VideoRepository videos, OutboxWriter outbox,
                           TransactionalOperator transactional, Clock clock) {
        this.courses = courses;
        this.lessons = lessons;
        this.videos = videos;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<CourseModule> addModule(Caller actor, UUID courseId, String title) {
        return managedCourseForUpdate(actor, courseId)
                .flatMap(course -> lessons.appendModule(UUID.randomUUID(), courseId, title, clock.instant()))
                .as(transactional::transactional);
    }

    public Mono<Lesson> addLesson(Caller actor, UUID moduleId, String title, LessonKind kind) {
        return lessons.findModule(moduleId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun module " + moduleId + ".")))
                .flatMap(module -> managedCourseForUpdate(actor, module.courseId())
                        .then(lessons.nextLessonPosition(moduleId))
                        .map(position -> Lesson.draft(UUID.randomUUID(), module, position, title, kind, clock.instant())))
                .flatMap(lessons::insert)
                .as(transactional::transactional);
    }

    public Mono<Lesson> publishLesson(Caller actor, UUID lessonId) {
        return lessons.findForUpdate(lessonId)
                .switchIfEmpty(Mono.error(() -> new LessonNotFound(lessonId)))
                .flatMap(lesson -> managedCourse(actor, lesson.courseId()).thenReturn(lesson.publish(clock.instant())))
                .flatMap(published -> lessons.markPublished(published)
                        .then(published.videoId() == null ? Mono.just(Double.NaN)
                                : videos.findById(published.videoId()).map(Video::durationSeconds))
                        .zipWith(lessons.findModule(published.moduleId()).map(CourseModule::position))
                        .flatMap(durationAndModule -> outbox.append(new LessonPublished(published.id(), published.courseId(),
                                published.moduleId(), published.title(), published.kind().name(), published.position(),
                                durationAndModule.getT1().isNaN() ? null : durationAndModule.getT1(), published.publishedAt(),
                                durationAndModule.getT2())))
                        .thenReturn(published))
                .as(transactional::transactional);
    }

    public record Outline(Course course, List<ModuleOutline> modules) {
    }

    public record ModuleOutline(CourseModule module, List<Lesson> lessons) {
    }

    /** The course's plan. Its trainer and admins see drafts; everyone else sees published lessons only. */
    public Mono<Outline> outline(Caller actorOrNull, UUID courseId) {
        return courses.findById(courseId)
                .filter(course -> course.isVisibleTo(actorOrNull))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(courseId)))
                .flatMap(course -> Mono.zip(lessons.modulesOf(courseId).collectList(), lessons.lessonsOf(courseId).collectList())
                        .map(found -> {
                            boolean drafts = course.isManagedBy(actorOrNull);
                            Map<UUID, List<Lesson>> byModule = found.getT2().stream()
                                    .filter(lesson -> drafts || lesson.isPublished())
                                    .collect(Collectors.groupingBy(Lesson::moduleId));
                            return new Outline(course, found.getT1().stream()
                                    .map(module -> new ModuleOutline(module, byModule.getOrDefault(module.id(), List.of())))
                                    .toList());
                        }));
    }

    private Mono<Course> managedCourseForUpdate(Caller actor, UUID courseId) {
        return courses.findForUpdate(courseId).as(found -> managed(actor, courseId, found));
    }

    private Mono<Course> managedCourse(Caller actor, UUID courseId) {
        return courses.findById(courseId).as(found -> managed(actor, courseId, found));
    }

    /** A course the actor can't even see is reported missing; one they see but don't manage, forbidden. */
    private static Mono<Course> managed(Caller actor, UUID courseId, Mono<Course> found) {
        return found.filter(course -> course.isVisibleTo(actor))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(courseId)))
                .doOnNext(course -> course.ensureManagedBy(actor));
    }
}
