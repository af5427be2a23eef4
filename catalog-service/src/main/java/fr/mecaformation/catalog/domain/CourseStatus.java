package fr.mecaformation.catalog.domain;

public enum CourseStatus {
    DRAFT,
    PUBLISHED
}
