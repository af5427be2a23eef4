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
                + filters(search)
                + (search.after() == null ? "" : " AND (ts_rank_cd(search_document, query), id) < (:afterRank, :afterId)")
                + " ORDER BY rank DESC, id DESC LIMIT :limit";
        DatabaseClient.GenericExecuteSpec spec = bind(db.sql(sql), search).bind("limit", search.size() + 1);
        if (search.after() != null) {
            spec = spec.bind("afterRank", search.after().rank()).bind("afterId", search.after().id());
        }
        return spec.map(row -> new Hit(CourseRepository.toCourse(row), row.get("rank", Float.class))).all();
    }

    /**
     * How many matches each category, level and skill has, in one query: the matches are found once (text, price,
     * duration), then each dimension counts them under the other dimensions' filters but not its own, so the other
     * values stay choosable.
     */
    public Mono<Map<String, Map<String, Long>>> facets(CourseSearch search) {
        String sql = "WITH matched AS MATERIALIZED (SELECT category, level, skills" + MATCH + commonFilters(search) + ") "
                + "SELECT 'category' AS facet, category AS value, count(*) AS total FROM matched WHERE true"
                + dimensionFilters(search, Facet.CATEGORY) + " GROUP BY category "
                + "UNION ALL SELECT 'level', level, count(*) FROM matched WHERE true"
                + dimensionFilters(search, Facet.LEVEL) + " GROUP BY level "
                + "UNION ALL SELECT 'skill', skill, count(*) FROM matched, unnest(skills) AS skill WHERE true"
                + dimensionFilters(search, Facet.SKILL) + " GROUP BY skill";
        return bind(db.sql(sql), search)
                .map(row -> new String[] {row.get("facet", String.class), row.get("value", String.class),
                        Long.toString(row.get("total", Long.class))})
                .all()
                .collect(() -> {
                    Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
                    for (Facet facet : Facet.values()) {
                        facets.put(facet.name, new TreeMap<>());
                    }
                    return facets;
                }, (facets, row) -> facets.get(row[0]).put(row[1], Long.parseLong(row[2])));
    }

    /** The dimensions a search can be narrowed by; each facet counts one of them. */
    private enum Facet {
        CATEGORY("category"), LEVEL("level"), SKILL("skill");

        final String name;

        Facet(String name) {
            this.name = name;
        }
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

    /** Every filter of the search (the hits). */
    private static String filters(CourseSearch search) {
        return commonFilters(search) + dimensionFilters(search, null);
    }

    private static String commonFilters(CourseSearch search) {
        return (search.maxPriceCents() != null ? " AND price_cents <= :maxPrice" : "")
                + (search.maxDurationMinutes() != null ? " AND duration_minutes <= :maxDuration" : "");
    }

    /** The category, level and skill filters, but for the one a facet counts over ({@code ignored}, null for none). */
    private static String dimensionFilters(CourseSearch search, Facet ignored) {
        return (ignored != Facet.CATEGORY && search.category() != null ? " AND category = :category" : "")
                + (ignored != Facet.LEVEL && search.level() != null ? " AND level = :level" : "")
                + (ignored != Facet.SKILL && search.skill() != null ? " AND skills @> ARRAY[:skill]::text[]" : "");
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, CourseSearch search) {
        spec = spec.bind("q", search.tsQuery());
        if (search.category() != null) {
            spec = spec.bind("category", search.category().name());
        }
        if (search.level() != null) {
            spec = spec.bind("level", search.level().name());
        }
        if (search.skill() != null) {
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
