package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Course;
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
                             Instant updatedAt, Instant publishedAt, String reviewComment) {

    static CourseResponse of(Course course) {
        var details = course.details();
        return new CourseResponse(course.id(), details.title(), details.description(), details.category(),
                details.level(), details.price().euros(), Price.CURRENCY, details.durationMinutes(),
                details.thumbnailUrl(), details.skills().stream().sorted().toList(), course.status(), course.ownerId(),
                course.revision(), course.createdAt(), course.updatedAt(), course.publishedAt(), course.reviewComment());
    }
}
