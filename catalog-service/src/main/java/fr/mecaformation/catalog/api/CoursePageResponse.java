package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.CoursePage;

import java.util.List;

public record CoursePageResponse(List<CourseResponse> items, int page, int size, long totalItems, long totalPages) {

    static CoursePageResponse of(CoursePage page) {
        return new CoursePageResponse(page.items().stream().map(CourseResponse::of).toList(), page.page(), page.size(),
                page.totalItems(), page.totalPages());
    }
}
