package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseStatus;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.Price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

public record CourseResponse(UUID id, String title, String description, Category category, Level level,
                             BigDecimal price, String currency, int durationMinutes, String thumbnailUrl,
                             CourseStatus status, String ownerId, long revision, Instant createdAt, Instant updatedAt,
                             Instant publishedAt) {

    static CourseResponse of(Course course) {
        var details = course.details();
        return new CourseResponse(course.id(), details.title(), details.description(), details.category(),
                details.level(), details.price().euros(), Price.CURRENCY, details.durationMinutes(),
                details.thumbnailUrl(), course.status(), course.ownerId(), course.revision(), course.createdAt(),
                course.updatedAt(), course.publishedAt());
    }
}
