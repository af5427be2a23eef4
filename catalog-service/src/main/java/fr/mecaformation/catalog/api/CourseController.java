package fr.mecaformation.catalog.api;

import fr.mecaformation.catalog.application.CourseCatalog;
import fr.mecaformation.web.security.Caller;
import fr.mecaformation.web.security.Callers;
import fr.mecaformation.catalog.domain.Category;
import fr.mecaformation.catalog.domain.Level;
import fr.mecaformation.catalog.domain.Skill;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.constraints.NotNull;
import fr.mecaformation.catalog.persistence.CourseFilter;
import fr.mecaformation.catalog.persistence.CourseSearch;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.security.Principal;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/catalog", produces = MediaType.APPLICATION_JSON_VALUE)
public class CourseController {

    private static final String TRAINER_OR_ADMIN = "hasAnyRole('trainer', 'admin')";

    private final CourseCatalog catalog;

    public CourseController(CourseCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/courses")
    public Mono<CoursePageResponse> published(@RequestParam(required = false) Category category,
                                              @RequestParam(required = false) Level level,
                                              @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                                              @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return catalog.published(new CourseFilter(category, level), page, size).map(CoursePageResponse::of);
    }

    /** French full-text search of the published catalog: ranked, filtered, with facets and a cursor per page. */
    @GetMapping("/search")
    public Mono<SearchResponse> search(@RequestParam @NotBlank @Size(max = 100) String q,
                                       @RequestParam(required = false) Category category,
                                       @RequestParam(required = false) Level level,
                                       @RequestParam(required = false) Skill skill,
                                       @RequestParam(required = false) @DecimalMin("0") @DecimalMax("100000") BigDecimal maxPrice,
                                       @RequestParam(required = false) @Min(1) @Max(100_000) Integer maxDuration,
                                       @RequestParam(required = false) @Size(max = 200) String cursor,
                                       @RequestParam(defaultValue = "20") @Min(1) @Max(50) int size) {
        CourseSearch search = new CourseSearch(q, category, level, skill,
                maxPrice == null ? null : maxPrice.movePointRight(2).longValue(), maxDuration,
                cursor == null ? null : CourseSearch.Cursor.decode(cursor), size);
        return catalog.search(search).map(SearchResponse::of);
    }

    /** Up to five published titles close to what is being typed, spelling mistakes included. */
    @GetMapping("/suggestions")
    public Mono<List<String>> suggestions(@RequestParam @NotBlank @Size(min = 2, max = 60) String q) {
        return catalog.suggestions(q);
    }

    @GetMapping("/courses/{id}")
    public Mono<CourseResponse> course(@PathVariable UUID id, Principal caller) {
        Caller viewer = Callers.ofNullable(caller);
        return catalog.find(viewer, id).map(course -> CourseResponse.forViewer(course, viewer));
    }

    @GetMapping("/my-courses")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<List<CourseResponse>> myCourses(Principal caller) {
        return catalog.ownedBy(Callers.ofNullable(caller)).map(courses -> courses.stream().map(CourseResponse::forManager).toList());
    }

    @PostMapping(path = "/courses", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<CourseResponse>> create(@Valid @RequestBody CourseRequest request, Principal caller,
                                                       UriComponentsBuilder uri) {
        return catalog.create(Callers.ofNullable(caller), request.toDetails())
                .map(course -> ResponseEntity
                        .created(uri.path("/api/catalog/courses/{id}").buildAndExpand(course.id()).toUri())
                        .body(CourseResponse.forManager(course)));
    }

    @PutMapping(path = "/courses/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<CourseResponse> revise(@PathVariable UUID id, @Valid @RequestBody CourseRequest request, Principal caller) {
        return catalog.revise(Callers.ofNullable(caller), id, request.toDetails()).map(CourseResponse::forManager);
    }

    /** The trainer hands the course to the admins' review. */
    @PostMapping("/courses/{id}/submit")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<CourseResponse> submit(@PathVariable UUID id, Principal caller) {
        return catalog.submitForReview(Callers.ofNullable(caller), id).map(CourseResponse::forManager);
    }

    /** An admin approves: the course opens to everyone. */
    @PostMapping("/courses/{id}/publish")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<CourseResponse> publish(@PathVariable UUID id, Principal caller) {
        return catalog.publish(Callers.ofNullable(caller), id).map(CourseResponse::forManager);
    }

    public record RejectionRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 2000, message = "ne doit pas dépasser {max} caractères")
            @PlainText String comment) {
    }

    /** An admin sends the course back to its trainer with what to change. */
    @PostMapping(path = "/courses/{id}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<CourseResponse> reject(@PathVariable UUID id, @Valid @RequestBody RejectionRequest request, Principal caller) {
        return catalog.reject(Callers.ofNullable(caller), id, request.comment().strip()).map(CourseResponse::forManager);
    }

    @GetMapping("/admin/reviews")
    @PreAuthorize("hasRole('admin')")
    public Mono<List<CourseResponse>> reviewQueue(Principal caller) {
        return catalog.reviewQueue(Callers.ofNullable(caller)).map(courses -> courses.stream().map(CourseResponse::forManager).toList());
    }

    public record PrerequisitesRequest(
            @NotNull(message = "est obligatoire") @Size(max = 10, message = "au plus {max} prérequis")
            List<@NotNull(message = "ne peut pas être vide") UUID> prerequisites) {
    }

    public record PrerequisitesResponse(UUID courseId, List<UUID> prerequisites) {
    }

    @GetMapping("/courses/{id}/prerequisites")
    public Mono<PrerequisitesResponse> prerequisites(@PathVariable UUID id, Principal caller) {
        return catalog.prerequisites(Callers.ofNullable(caller), id).map(ids -> new PrerequisitesResponse(id, ids));
    }

    @PutMapping(path = "/courses/{id}/prerequisites", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<PrerequisitesResponse> replacePrerequisites(@PathVariable UUID id, @Valid @RequestBody PrerequisitesRequest request,
                                                            Principal caller) {
        return catalog.replacePrerequisites(Callers.ofNullable(caller), id, request.prerequisites())
                .map(ids -> new PrerequisitesResponse(id, ids));
    }
}
