package fr.mecaformation.catalog.domain;

import java.time.Instant;
import java.util.UUID;

/** A chapter of a course: an ordered group of lessons. */
public record CourseModule(UUID id, UUID courseId, int position, String title, Instant createdAt) {
}
