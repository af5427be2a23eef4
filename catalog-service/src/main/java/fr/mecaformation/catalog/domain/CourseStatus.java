package fr.mecaformation.catalog.domain;

/** DRAFT → IN_REVIEW (the trainer submits) → PUBLISHED (an admin approves), or back to DRAFT with a comment. */
public enum CourseStatus {
    DRAFT,
    IN_REVIEW,
    PUBLISHED
}
