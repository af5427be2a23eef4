package fr.mecaformation.catalog.persistence;

import fr.mecaformation.catalog.domain.Course;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** French full-text search of published courses (V2__french_search.sql: stemming, accents, trigrams). */
@Repository
public class CourseSearchRepository {

    public record Hit(Course course, float rank) {
    }

    private static final String MATCH = " FROM course, to_tsquery('meca_fr', :q) AS query "
            + "WHERE status = 'PUBLISHED' AND search_document @@ query";

    private final DatabaseClient db;

    public CourseSearchRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Best matches first; ties by id, so a cursor lands on the same place however often it is replayed. */
    public Flux<Hit> hits(CourseSearch search) {
        String sql = "SELECT " + CourseRepository.COLUMNS + ", ts_rank_cd(search_document, query) AS rank" + MATCH
                + filters(search, null)
                + (search.after() == null ? "" : " AND (ts_rank_cd(search_document, query), id) < (:afterRank, :afterId)")
                + " ORDER BY rank DESC, id DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = bind(db.sql(sql), search, null).bind("limit", search.size() + 1);
        if (search.after() != null) {
            spec = spec.bind("afterRank", search.after().rank()).bind("afterId", search.after().id());
        }
        return spec.map(row -> new Hit(CourseRepository.toCourse(row), row.get("rank", Float.class))).all();
    }

    /** A facet: its column expression (skills are an array: one row per skill) and the filter it ignores. */
    private enum Facet {
        CATEGORY("category", "category"), LEVEL("level", "level"), SKILL("skill", "unnest(skills)");

        final String name;
        final String expression;

        Facet(String name, String expression) {
            this.name = name;
            this.expression = expression;
        }
    }

    /**
     * How many matches each category, level and skill has. A dimension's counts ignore its own filter (the other
     * values stay choosable) and honour every other one.
     */
    public Mono<Map<String, Map<String, Long>>> facets(CourseSearch search) {
        return Flux.fromArray(Facet.values())
                .flatMapSequential(facet -> facet(facet, search).map(counts -> Map.entry(facet.name, counts)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new);
    }

    /** Titles nearest to what was typed, typos included (trigram word distance). */
    public Flux<String> suggestions(String typed, int limit) {
        return db.sql("SELECT title FROM course WHERE status = 'PUBLISHED' "
                        + "AND word_similarity(meca_fold(:typed), meca_fold(title)) >= 0.3 "
                        + "ORDER BY meca_fold(:typed) <<-> meca_fold(title), title LIMIT :limit")
                .bind("typed", typed)
                .bind("limit", limit)
                .map(row -> row.get("title", String.class))
                .all();
    }

    private Mono<Map<String, Long>> facet(Facet facet, CourseSearch search) {
        return bind(db.sql("SELECT value, count(*) AS total FROM (SELECT " + facet.expression + " AS value" + MATCH
                        + filters(search, facet) + ") AS matched GROUP BY value"), search, facet)
                .map(row -> Map.entry(row.get("value", String.class), row.get("total", Long.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new);
    }

    /** The search's filters, but for the one a facet counts over ({@code ignored}, null for none). */
    private static String filters(CourseSearch search, Facet ignored) {
        return (ignored != Facet.CATEGORY && search.category() != null ? " AND category = :category" : "")
                + (ignored != Facet.LEVEL && search.level() != null ? " AND level = :level" : "")
                + (ignored != Facet.SKILL && search.skill() != null ? " AND skills @> ARRAY[:skill]::text[]" : "")
                + (search.maxPriceCents() != null ? " AND price_cents <= :maxPrice" : "")
                + (search.maxDurationMinutes() != null ? " AND duration_minutes <= :maxDuration" : "");
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, CourseSearch search,
                                                          Facet ignored) {
        spec = spec.bind("q", search.tsQuery());
        if (ignored != Facet.CATEGORY && search.category() != null) {
            spec = spec.bind("category", search.category().name());
        }
        if (ignored != Facet.LEVEL && search.level() != null) {
            spec = spec.bind("level", search.level().name());
        }
        if (ignored != Facet.SKILL && search.skill() != null) {
            spec = spec.bind("skill", search.skill().name());
        }
        if (search.maxPriceCents() != null) {
            spec = spec.bind("maxPrice", search.maxPriceCents());
        }
        if (search.maxDurationMinutes() != null) {
            spec = spec.bind("maxDuration", search.maxDurationMinutes());
        }
        return spec;
    }
}
