package fr.mecaformation.catalog.domain;

import java.util.EnumSet;
import java.util.Set;

/** What a trainer writes about a course; everything else (status, revision, dates) the catalog decides. */
public record CourseDetails(String title, String description, Category category, Level level, Price price,
                            int durationMinutes, String thumbnailUrl, Set<Skill> skills) {

    public CourseDetails {
        skills = skills == null || skills.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skills));
    }
}
