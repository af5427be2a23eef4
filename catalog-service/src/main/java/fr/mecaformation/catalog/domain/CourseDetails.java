package fr.mecaformation.catalog.domain;

/** What a trainer writes about a course; everything else (status, revision, dates) the catalog decides. */
public record CourseDetails(String title, String description, Category category, Level level, Price price,
                            int durationMinutes, String thumbnailUrl) {
}
