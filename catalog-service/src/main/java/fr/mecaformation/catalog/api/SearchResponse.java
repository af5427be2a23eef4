package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.SearchResult;

import java.util.List;
import java.util.Map;

public record SearchResponse(List<CourseResponse> items, long total, Map<String, Map<String, Long>> facets,
                             String nextCursor) {

    static SearchResponse of(SearchResult result) {
        return new SearchResponse(result.courses().stream().map(CourseResponse::of).toList(), result.total(),
                result.facets(), result.nextCursor());
    }
}
