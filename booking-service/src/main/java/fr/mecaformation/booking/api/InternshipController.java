package fr.mecaformation.booking.api;

import fr.mecaformation.booking.application.Internships;
import fr.mecaformation.booking.domain.internship.Departements;
import fr.mecaformation.booking.domain.internship.InternshipApplication;
import fr.mecaformation.booking.domain.internship.InternshipMatching;
import fr.mecaformation.booking.domain.internship.InternshipOffer;
import fr.mecaformation.platform.validation.PlainText;
import fr.mecaformation.web.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Stages entreprises. Partner companies (client-credentials tokens with the {@code partner} role, made by
 * auth-service) publish offers and decide on applications to their own offers only; learners see the offers that fit
 * their profile, ranked with the reasons, and apply once per offer.
 */
@RestController
@RequestMapping(path = "/api/booking", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Stages entreprises", description = "Offres de stage des entreprises partenaires, correspondance avec le"
        + " profil des apprenants, candidatures")
public class InternshipController {

    /** Partner companies' client-credentials tokens; people never reach these routes. */
    static final String PARTNER = "hasRole('partner')";
    /** Learners; partners, trainers and admins do not apply to internships. */
    static final String STUDENT = "hasRole('student')";

    private final Internships internships;

    public InternshipController(Internships internships) {
        this.internships = internships;
    }

    public record OfferRequest(@NotBlank(message = "est obligatoire")
                               @Size(min = 3, max = 120, message = "doit contenir entre {min} et {max} caractères")
                               @PlainText String title,
                               @Size(max = 4000, message = "4000 caractères au plus") @PlainText String description,
                               @NotNull(message = "est obligatoire") String trade,
                               String qualification,
                               @NotNull(message = "est obligatoire") String departement,
                               @NotNull(message = "est obligatoire") LocalDate startsOn,
                               @NotNull(message = "est obligatoire") LocalDate endsOn,
                               @Size(max = 8, message = "8 compétences au plus") List<String> requiredSkills,
                               int places) {
    }

    public record ApplicationRequest(@Size(max = 2000, message = "2000 caractères au plus") @PlainText String motivation) {
    }

    public record OfferResponse(UUID id, UUID partnerId, String title, String description, String trade,
                                String qualification, String departement, String departementName, LocalDate startsOn,
                                LocalDate endsOn, List<String> requiredSkills, int places, int placesLeft,
                                Instant publishedAt) {
        static OfferResponse of(InternshipOffer o) {
            return new OfferResponse(o.id(), o.partnerId(), o.title(), o.description(), o.trade(), o.qualification(),
                    o.departement(), Departements.of(o.departement()).map(Departements.Departement::name).orElse(null),
                    o.startsOn(), o.endsOn(), o.requiredSkills(), o.places(), o.placesLeft(), o.publishedAt());
        }
    }

    /** An offer as a learner sees it: how well it fits them and why, what they still have to prove, their application. */
    public record MatchResponse(OfferResponse offer, int score, List<String> reasons, List<String> missingSkills,
                                Integer distanceKm, String applicationStatus) {
        static MatchResponse of(InternshipMatching.Match m, String applicationStatus) {
            return new MatchResponse(OfferResponse.of(m.offer()), m.score(), m.reasons(), m.missingSkills(),
                    m.distanceKm(), applicationStatus);
        }
    }

    public record ApplicationResponse(UUID id, UUID offerId, UUID learnerId, String motivation, String status,
                                      Instant appliedAt, Instant decidedAt, List<String> reasons, int placesLeft) {
        static ApplicationResponse of(InternshipApplication a, InternshipOffer offer) {
            return new ApplicationResponse(a.id(), a.offerId(), a.learnerId(), a.motivation(), a.status(), a.appliedAt(),
                    a.decidedAt(), a.reasons(), offer.placesLeft());
        }

        static ApplicationResponse of(Internships.Applied applied) {
            return of(applied.application(), applied.offer());
        }
    }

    // ---------------------------------------------------------------- partners

    @Operation(summary = "Publier une offre de stage (entreprise partenaire)",
            description = "Jeton client-credentials d'un partenaire. Métier parmi les spécialités des profils, département"
                    + " par son code officiel, dates (le stage commence après aujourd'hui, finit après son début, dure un an"
                    + " au plus), compétences de la liste du catalogue, 1 à 100 places. Publie InternshipPublished.")
    @PostMapping(path = "/internships", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(PARTNER)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<OfferResponse> publish(@Valid @RequestBody OfferRequest request, JwtAuthenticationToken caller) {
        return internships.publish(Callers.of(caller), request.title().strip(), request.description(), request.trade(),
                        request.qualification(), request.departement(), request.startsOn(), request.endsOn(),
                        request.requiredSkills() == null ? List.of() : request.requiredSkills(), request.places())
                .map(OfferResponse::of);
    }

    @Operation(summary = "Les offres publiées par le partenaire appelant")
    @GetMapping("/internships/published")
    @PreAuthorize(PARTNER)
    public Mono<List<OfferResponse>> published(JwtAuthenticationToken caller) {
        return internships.ofPartner(Callers.of(caller)).map(OfferResponse::of).collectList();
    }

    @Operation(summary = "Les candidatures à une offre du partenaire appelant",
            description = "L'offre d'un autre partenaire répond 404, comme une offre inconnue.")
    @GetMapping("/internships/{offerId}/applications")
    @PreAuthorize(PARTNER)
    public Mono<List<ApplicationResponse>> applications(@PathVariable UUID offerId, JwtAuthenticationToken caller) {
        return internships.owned(Callers.of(caller), offerId)
                .flatMap(offer -> internships.applicationsTo(Callers.of(caller), offerId)
                        .map(application -> ApplicationResponse.of(application, offer)).collectList());
    }

    @Operation(summary = "Accepter une candidature : une place du stage est prise",
            description = "409 quand le stage est complet ou la candidature déjà traitée ; 404 pour l'offre d'un autre"
                    + " partenaire. Publie InternshipApplicationAccepted.")
    @PostMapping("/internships/{offerId}/applications/{applicationId}/acceptance")
    @PreAuthorize(PARTNER)
    public Mono<ApplicationResponse> accept(@PathVariable UUID offerId, @PathVariable UUID applicationId,
                                            JwtAuthenticationToken caller) {
        return internships.accept(Callers.of(caller), offerId, applicationId).map(ApplicationResponse::of);
    }

    @Operation(summary = "Refuser une candidature", description = "Publie InternshipApplicationDeclined.")
    @PostMapping("/internships/{offerId}/applications/{applicationId}/refusal")
    @PreAuthorize(PARTNER)
    public Mono<ApplicationResponse> decline(@PathVariable UUID offerId, @PathVariable UUID applicationId,
                                             JwtAuthenticationToken caller) {
        return internships.decline(Callers.of(caller), offerId, applicationId).map(ApplicationResponse::of);
    }

    // ---------------------------------------------------------------- learners

    @Operation(summary = "Les stages qui correspondent à mon profil, les mieux placés d'abord, avec les raisons",
            description = "Département (le même, ou la distance entre centres), diplôme préparé, spécialité, compétences"
                    + " prouvées par des certificats. Seules les offres à venir avec une place libre.")
    @GetMapping("/internships/matches")
    @PreAuthorize(STUDENT)
    public Mono<List<MatchResponse>> matches(JwtAuthenticationToken caller) {
        return internships.applicationsOf(Callers.of(caller)).collectMap(applied -> applied.offer().id(),
                        applied -> applied.application().status())
                .zipWith(internships.matches(Callers.of(caller)), (statuses, matches) -> matches.stream()
                        .map(match -> MatchResponse.of(match, statuses.get(match.offer().id()))).toList());
    }

    @Operation(summary = "Une offre de stage, avec sa correspondance à mon profil")
    @GetMapping("/internships/{offerId}")
    @PreAuthorize(STUDENT)
    public Mono<MatchResponse> offer(@PathVariable UUID offerId, JwtAuthenticationToken caller) {
        return internships.offerFor(Callers.of(caller), offerId)
                .zipWith(internships.applicationsOf(Callers.of(caller))
                        .filter(applied -> applied.offer().id().equals(offerId))
                        .map(applied -> Optional.of(applied.application().status())).next()
                        .defaultIfEmpty(Optional.empty()),
                        (match, status) -> MatchResponse.of(match, status.orElse(null)));
    }

    @Operation(summary = "Candidater à un stage", description = "Une candidature par apprenant et par stage (409 ensuite) ;"
            + " 409 quand le stage est complet ou commencé. Publie InternshipApplicationReceived.")
    @PostMapping(path = "/internships/{offerId}/applications", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(STUDENT)
    @ResponseStatus(HttpStatus.CREATED)
    public Mono<ApplicationResponse> apply(@PathVariable UUID offerId, @Valid @RequestBody ApplicationRequest request,
                                           JwtAuthenticationToken caller) {
        return internships.apply(Callers.of(caller), offerId, request.motivation()).map(ApplicationResponse::of);
    }

    @Operation(summary = "Mes candidatures aux stages")
    @GetMapping("/me/internship-applications")
    @PreAuthorize(STUDENT)
    public Mono<List<ApplicationResponse>> mine(JwtAuthenticationToken caller) {
        return internships.applicationsOf(Callers.of(caller)).map(ApplicationResponse::of).collectList();
    }
}
