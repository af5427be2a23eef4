package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.SharedResource;
import fr.mecaformation.booking.domain.SharedResourceNotFound;
import fr.mecaformation.booking.persistence.Constraints;
import fr.mecaformation.booking.persistence.SharedResourceRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.UUID;

/**
 * Shared resources (exam rooms): only admins create them and publish their opening hours (a trainer is refused
 * 403, even with a valid body); every trainer may read them, to schedule a mock exam in one.
 */
@Service
public class SharedResources {

    private final SharedResourceRepository resources;
    private final Clock clock;

    public SharedResources(SharedResourceRepository resources, Clock clock) {
        this.resources = resources;
        this.clock = clock;
    }

    public Mono<SharedResource> create(Caller admin, SharedResource resource) {
        return Mono.defer(() -> admin(admin).then(resources.save(resource.validated(), clock.instant())))
                .onErrorMap(error -> Constraints.violated(error).filter("shared_resource_name_key"::equals).isPresent()
                        ? new DomainException.Conflict("Une salle s'appelle déjà « " + resource.name() + " ».") : error);
    }

    /** Replaces the opening hours (and zone) of a resource; sessions already in it stay. */
    public Mono<SharedResource> publish(Caller admin, UUID id, java.time.ZoneId zone,
                                        java.util.List<fr.mecaformation.booking.domain.WeeklyWindow> weekly,
                                        java.util.List<fr.mecaformation.booking.domain.DateException> exceptions) {
        return Mono.defer(() -> admin(admin)
                .then(get(id))
                .flatMap(existing -> resources.save(new SharedResource(id, existing.name(), zone, weekly, exceptions)
                        .validated(), clock.instant())));
    }

    public Mono<SharedResource> get(UUID id) {
        return resources.findById(id).switchIfEmpty(Mono.error(() -> new SharedResourceNotFound(id)));
    }

    public Flux<SharedResource> all() {
        return resources.all();
    }

    /** The controllers' role rule says it first; said again here so no other caller of this service forgets it. */
    private static Mono<Void> admin(Caller caller) {
        return caller.isAdmin() ? Mono.empty()
                : Mono.error(new DomainException.Forbidden("Seul un administrateur publie les horaires d'une salle partagée."));
    }
}
