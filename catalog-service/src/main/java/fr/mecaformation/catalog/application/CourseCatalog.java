package fr.mecaformation.catalog.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseDetails;
import fr.mecaformation.catalog.domain.CourseNotFound;
import fr.mecaformation.catalog.domain.CourseStatus;
import fr.mecaformation.catalog.domain.Price;
import fr.mecaformation.catalog.domain.ThumbnailPolicy;
import fr.mecaformation.catalog.persistence.CourseFilter;
import fr.mecaformation.catalog.persistence.CourseRepository;
import fr.mecaformation.catalog.persistence.CourseSearch;
import fr.mecaformation.catalog.persistence.CourseSearchRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseSnapshot;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.platform.outbox.OutboxWriter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalog's use cases. Each change and the event announcing it commit in one transaction (outbox), so the
 * rest of the platform never hears of a change that was rolled back, nor misses one that committed.
 */
@Service
public class CourseCatalog {

    private final CourseRepository courses;
    private final CourseSearchRepository searches;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final ThumbnailPolicy thumbnails;
    private final Clock clock;

    public CourseCatalog(CourseRepository courses, CourseSearchRepository searches, OutboxWriter outbox, TransactionalOperator transactional,
                         ThumbnailPolicy thumbnails, Clock clock) {
        this.courses = courses;
        this.searches = searches;
        this.outbox = outbox;
        this.transactional = transactional;
        this.thumbnails = thumbnails;
        this.clock = clock;
    }

    public Mono<Course> create(Caller author, CourseDetails details) {
        return Mono.defer(() -> {
            thumbnails.check(details.thumbnailUrl());
            Course course = Course.draft(UUID.randomUUID(), author, details, clock.instant());
            return courses.insert(course)
                    .flatMap(saved -> outbox.append(new CourseCreated(snapshot(saved))).thenReturn(saved));
        }).as(transactional::transactional);
    }

    public Mono<Course> revise(Caller actor, UUID id, CourseDetails details) {
        return Mono.defer(() -> {
            thumbnails.check(details.thumbnailUrl());
            return courses.findForUpdate(id)
                    .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                    .filter(course -> course.isVisibleTo(actor))
                    .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                    .map(course -> course.revise(actor, details, clock.instant()))
                    .flatMap(courses::update)
                    // a published course's edit waits in its pending revision: nothing public changed yet
                    .flatMap(saved -> saved.pending() != null ? Mono.just(saved)
                            : outbox.append(new CourseUpdated(snapshot(saved))).thenReturn(saved));
        }).as(transactional::transactional);
    }

    public Mono<Course> submitForReview(Caller actor, UUID id) {
        return courses.findForUpdate(id)
                .filter(course -> course.isVisibleTo(actor))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                .map(course -> course.submitForReview(actor, clock.instant()))
                .flatMap(courses::update)
                .flatMap(saved -> saved.pending() != null ? Mono.just(saved)
                        : outbox.append(new CourseUpdated(snapshot(saved))).thenReturn(saved))
                .as(transactional::transactional);
    }

    public Mono<Course> publish(Caller actor, UUID id) {
        return courses.findForUpdate(id)
                .filter(course -> course.isVisibleTo(actor))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                .flatMap(course -> {
                    boolean firstPublication = course.status() != CourseStatus.PUBLISHED;
                    return courses.update(course.publish(actor, clock.instant()))
                            .flatMap(saved -> outbox.append(firstPublication
                                    ? new CoursePublished(snapshot(saved), saved.publishedAt())
                                    : new CourseUpdated(snapshot(saved))).thenReturn(saved));
                })
                .as(transactional::transactional);
    }

    public Mono<Course> reject(Caller actor, UUID id, String comment) {
        return courses.findForUpdate(id)
                .filter(course -> course.isVisibleTo(actor))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                .map(course -> course.reject(actor, comment, clock.instant()))
                .flatMap(courses::update)
                .flatMap(saved -> saved.pending() != null ? Mono.just(saved)
                        : outbox.append(new CourseUpdated(snapshot(saved))).thenReturn(saved))
                .as(transactional::transactional);
    }

    public Mono<List<Course>> reviewQueue(Caller admin) {
        if (!admin.isAdmin()) {
            return Mono.error(new DomainException.Forbidden("La file de relecture est réservée aux administrateurs."));
        }
        return courses.inReview().collectList();
    }

    public Mono<List<UUID>> prerequisites(Caller actorOrNull, UUID id) {
        return find(actorOrNull, id).thenMany(courses.prerequisitesOf(id)).collectList();
    }

    /**
     * Replaces the courses to follow first. They must be published, and none may (directly or not) require this
     * course: a loop would make both impossible to start.
     */
    public Mono<List<UUID>> replacePrerequisites(Caller actor, UUID id, List<UUID> prerequisites) {
        List<UUID> wanted = prerequisites.stream().distinct().toList();
        return courses.findForUpdate(id)
                .filter(course -> course.isVisibleTo(actor))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)))
                .doOnNext(course -> course.ensureManagedBy(actor))
                .flatMap(course -> {
                    if (wanted.contains(id)) {
                        return Mono.error(invalidPrerequisites("une formation ne peut pas être son propre prérequis"));
                    }
                    if (wanted.isEmpty()) {
                        return Mono.just(course);
                    }
                    return courses.countPublished(wanted)
                            .flatMap(published -> published != wanted.size()
                                    ? Mono.error(invalidPrerequisites("chaque prérequis doit être une formation publiée"))
                                    : courses.wouldLoop(id, wanted))
                            .flatMap(loops -> loops
                                    ? Mono.<Course>error(invalidPrerequisites("ce choix créerait une boucle de prérequis"))
                                    : Mono.just(course));
                })
                .flatMap(course -> courses.replacePrerequisites(id, wanted))
                .thenReturn(wanted)
                .as(transactional::transactional);
    }

    private static DomainException invalidPrerequisites(String why) {
        return new DomainException.Invalid("Prérequis refusés.", List.of(new FieldError("prerequisites", why)));
    }

    /** A published course for anyone; a draft only for its owner or an admin, else it does not exist. */
    public Mono<Course> find(Caller actorOrNull, UUID id) {
        return courses.findById(id)
                .filter(course -> course.isVisibleTo(actorOrNull))
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(id)));
    }

    public Mono<CoursePage> published(CourseFilter filter, int page, int size) {
        return Mono.zip(courses.findPublished(filter, page, size).collectList(), courses.countPublished(filter))
                .map(result -> new CoursePage(result.getT1(), page, size, result.getT2()));
    }

    public Mono<SearchResult> search(CourseSearch search) {
        if (!search.hasTerms()) {
            return Mono.error(new DomainException.Invalid("La recherche doit contenir au moins un mot.",
                    List.of(new FieldError("q", "au moins une lettre ou un chiffre"))));
        }
        return Mono.zip(searches.hits(search).collectList(), searches.facets(search))
                .map(found -> {
                    List<CourseSearchRepository.Hit> hits = found.getT1();
                    boolean more = hits.size() > search.size();
                    List<CourseSearchRepository.Hit> page = more ? hits.subList(0, search.size()) : hits;
                    String next = more ? new CourseSearch.Cursor(page.get(page.size() - 1).rank(),
                            page.get(page.size() - 1).course().id()).encode() : null;
                    return new SearchResult(page.stream().map(CourseSearchRepository.Hit::course).toList(),
                            total(search, found.getT2()), found.getT2(), next);
                });
    }

    /**
     * The number of matches, from the category facet rather than a query of its own: that facet honours every
     * filter but its own, so it is the total when no category is chosen, and its chosen entry when one is.
     */
    private static long total(CourseSearch search, Map<String, Map<String, Long>> facets) {
        Map<String, Long> byCategory = facets.get("category");
        return search.category() == null
                ? byCategory.values().stream().mapToLong(Long::longValue).sum()
                : byCategory.getOrDefault(search.category().name(), 0L);
    }

    public Mono<List<String>> suggestions(String typed) {
        return searches.suggestions(typed, 5).collectList();
    }

    public Mono<List<Course>> ownedBy(Caller trainer) {
        return courses.findByOwner(trainer.subject()).collectList();
    }

    private static CourseSnapshot snapshot(Course course) {
        CourseDetails details = course.details();
        return new CourseSnapshot(course.id(), course.ownerId(), details.title(), details.category().name(),
                details.level().name(), details.price().cents(), Price.CURRENCY, details.durationMinutes(),
                course.status().name(), course.revision(), details.skills().stream().map(Enum::name).sorted().toList());
    }
}
