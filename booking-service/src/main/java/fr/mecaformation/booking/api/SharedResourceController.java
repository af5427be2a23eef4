package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.SharedResources;
import fr.mecaformation.booking.domain.DateException;
import fr.mecaformation.booking.domain.SharedResource;
import fr.mecaformation.booking.domain.WeeklyWindow;
import fr.mecaformation.booking.domain.Zones;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** Shared resources (exam rooms): admins create them and publish their opening hours; trainers read them. */
@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
public class SharedResourceController {

    private final SharedResources resources;

    public SharedResourceController(SharedResources resources) {
        this.resources = resources;
    }

    public record OpeningHoursRequest(String zone,
                                      @NotNull(message = "est obligatoire") @Size(max = 50, message = "50 plages au plus")
                                      List<AvailabilityController.@Valid @NotNull WindowRequest> weekly,
                                      @Size(max = 50, message = "50 exceptions au plus")
                                      List<AvailabilityController.@Valid @NotNull ExceptionRequest> exceptions) {
    }

    public record ResourceRequest(@NotBlank(message = "est obligatoire")
                                  @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
                                  @PlainText String name,
                                  String zone,
                                  @NotNull(message = "est obligatoire") @Size(max = 50, message = "50 plages au plus")
                                  List<AvailabilityController.@Valid @NotNull WindowRequest> weekly,
                                  @Size(max = 50, message = "50 exceptions au plus")
                                  List<AvailabilityController.@Valid @NotNull ExceptionRequest> exceptions) {
    }

    public record ResourceResponse(UUID id, String name, String zone, List<WeeklyWindow> weekly,
                                   List<DateException> exceptions) {
        static ResourceResponse of(SharedResource r) {
            return new ResourceResponse(r.id(), r.name(), r.zone().getId(), r.weekly(), r.exceptions());
        }
    }

    @PostMapping(path = "/admin/resources", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ResourceResponse> create(@Valid @RequestBody ResourceRequest request, JwtAuthenticationToken caller) {
        return Mono.defer(() -> resources.create(Callers.of(caller), resource(UUID.randomUUID(), request.name().strip(),
                        request.zone(), request.weekly(), request.exceptions())))
                .map(ResourceResponse::of);
    }

    /** Replaces the resource's opening hours: admins only (a trainer is refused 403 before the body is read). */
    @PutMapping(path = "/admin/resources/{id}/availability", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Roles.ADMIN)
    public Mono<ResourceResponse> publish(@PathVariable UUID id, @Valid @RequestBody OpeningHoursRequest request,
                                          JwtAuthenticationToken caller) {
        return Mono.defer(() -> resources.publish(Callers.of(caller), id, Zones.parse("zone", request.zone()),
                        weekly(request.weekly()), exceptions(request.exceptions())))
                .map(ResourceResponse::of);
    }

    @GetMapping("/resources")
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<List<ResourceResponse>> all() {
        return resources.all().map(ResourceResponse::of).collectList();
    }

    @GetMapping("/resources/{id}")
    @PreAuthorize(Roles.TRAINER_OR_ADMIN)
    public Mono<ResourceResponse> get(@PathVariable UUID id) {
        return resources.get(id).map(ResourceResponse::of);
    }

    private static SharedResource resource(UUID id, String name, String zone,
                                           List<AvailabilityController.WindowRequest> weekly,
                                           List<AvailabilityController.ExceptionRequest> exceptions) {
        return new SharedResource(id, name, Zones.parse("zone", zone), weekly(weekly), exceptions(exceptions));
    }

    private static List<WeeklyWindow> weekly(List<AvailabilityController.WindowRequest> weekly) {
        return weekly.stream().map(w -> new WeeklyWindow(w.day(), w.start(), w.end())).toList();
    }

    private static List<DateException> exceptions(List<AvailabilityController.ExceptionRequest> exceptions) {
        return exceptions == null ? List.of()
                : exceptions.stream().map(e -> new DateException(e.date(), e.start(), e.end())).toList();
    }
}
