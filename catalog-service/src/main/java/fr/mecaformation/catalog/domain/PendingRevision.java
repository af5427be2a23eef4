package fr.mecaformation.catalog.domain;

/** The next version of a published course, written by its trainer and waiting (or not yet) for an admin's review. */
public record PendingRevision(CourseDetails details, boolean inReview) {
}
