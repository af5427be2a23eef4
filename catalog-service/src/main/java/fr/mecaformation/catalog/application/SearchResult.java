package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.domain.Course;

import java.util.List;
import java.util.Map;

/** A page of search hits, best first, with the facet counts and the cursor of the next page (null on the last). */
public record SearchResult(List<Course> courses, long total, Map<String, Map<String, Long>> facets, String nextCursor) {
}
