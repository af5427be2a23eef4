package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.problem.DomainException;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a course. A video lesson shows {@code videoId}, which is set only once that video is transcoded, so
 * a learner never meets a half-made video; it can be published only then.
 */
public record Lesson(UUID id, UUID courseId, UUID moduleId, int position, String title, LessonKind kind,
                     LessonStatus status, UUID videoId, Instant createdAt, Instant updatedAt, Instant publishedAt) {

    public static Lesson draft(UUID id, CourseModule module, int position, String title, LessonKind kind, Instant now) {
        return new Lesson(id, module.courseId(), module.id(), position, title, kind, LessonStatus.DRAFT, null, now, now, null);
    }

    public Lesson publish(Instant now) {
        if (status == LessonStatus.PUBLISHED) {
            throw new DomainException.Conflict("La leçon « " + title + " » est déjà publiée.");
        }
        if (kind == LessonKind.VIDEO && videoId == null) {
            throw new DomainException.Conflict("La vidéo de la leçon « " + title + " » n'est pas encore prête.");
        }
        return new Lesson(id, courseId, moduleId, position, title, kind, LessonStatus.PUBLISHED, videoId, createdAt, now, now);
    }

    public void ensureTakesVideo() {
        if (kind != LessonKind.VIDEO) {
            throw new DomainException.Conflict("La leçon « " + title + " » n'est pas une leçon vidéo.");
        }
    }

    public boolean isPublished() {
        return status == LessonStatus.PUBLISHED;
    }
}
