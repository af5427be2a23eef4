package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Level;

/** Optional filters of the public catalog; each one present adds a bound condition, never concatenated input. */
public record CourseFilter(Category category, Level level) {

    String sql() {
        return (category != null ? " AND category = :category" : "") + (level != null ? " AND level = :level" : "");
    }
}
