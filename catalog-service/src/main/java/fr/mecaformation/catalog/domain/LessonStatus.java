package fr.mecaformation.catalog.domain;

public enum LessonStatus {
    DRAFT, PUBLISHED
}
