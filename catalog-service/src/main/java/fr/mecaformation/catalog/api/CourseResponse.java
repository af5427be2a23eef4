package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseDetails;
import fr.mecaformation.catalog.domain.PendingRevision;
import fr.mecaformation.web.security.Caller;
import fr.mecaformation.catalog.domain.CourseStatus;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.Price;
import fr.mecaformation.catalog.domain.Skill;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record CourseResponse(UUID id, String title, String description, Category category, Level level,
                             BigDecimal price, String currency, int durationMinutes, String thumbnailUrl,
                             List<Skill> skills, CourseStatus status, String ownerId, long revision, Instant createdAt,
                             Instant updatedAt, Instant publishedAt, String reviewComment,
                             PendingRevisionResponse pendingRevision) {

    /**
     * The next version of a published course, shown to its trainer and admins only: what learners will see once an
     * admin approves it ({@code inReview}: submitted and waiting).
     */
    public record PendingRevisionResponse(String title, String description, Category category, Level level,
                                          BigDecimal price, int durationMinutes, String thumbnailUrl, List<Skill> skills,
                                          boolean inReview) {
        static PendingRevisionResponse of(PendingRevision pending) {
            CourseDetails details = pending.details();
            return new PendingRevisionResponse(details.title(), details.description(), details.category(), details.level(),
                    details.price().euros(), details.durationMinutes(), details.thumbnailUrl(),
                    details.skills().stream().sorted().toList(), pending.inReview());
        }
    }

    /**
     * The course as its trainer and admins see it: with the admins' review comment and its pending revision, if any.
     * The comment is a message between the reviewer and the trainer, so it is never in {@link #of}.
     */
    static CourseResponse forManager(Course course) {
        CourseResponse published = of(course);
        return new CourseResponse(published.id(), published.title(),
                published.description(), published.category(), published.level(), published.price(), published.currency(),
                published.durationMinutes(), published.thumbnailUrl(), published.skills(), published.status(),
                published.ownerId(), published.revision(), published.createdAt(), published.updatedAt(),
                published.publishedAt(), course.reviewComment(),
                course.pending() == null ? null : PendingRevisionResponse.of(course.pending()));
    }

    static CourseResponse forViewer(Course course, Caller viewerOrNull) {
        return course.isManagedBy(viewerOrNull) ? forManager(course) : of(course);
    }

    /** The course as everyone sees it: no review comment, no pending revision. */
    static CourseResponse of(Course course) {
        var details = course.details();
        return new CourseResponse(course.id(), details.title(), details.description(), details.category(),
                details.level(), details.price().euros(), Price.CURRENCY, details.durationMinutes(),
                details.thumbnailUrl(), details.skills().stream().sorted().toList(), course.status(), course.ownerId(),
                course.revision(), course.createdAt(), course.updatedAt(), course.publishedAt(), null, null);
    }
}
