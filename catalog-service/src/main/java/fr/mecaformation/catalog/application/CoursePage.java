package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.domain.Course;

import java.util.List;

public record CoursePage(List<Course> items, int page, int size, long totalItems) {

    public long totalPages() {
        return (totalItems + size - 1) / size;
    }
}
