package fr.mecaformation.auth.api;

import fr.mecaformation.web.security.Callers;
import fr.mecaformation.auth.application.Cohorts;
import fr.mecaformation.auth.domain.Cohort;
import fr.mecaformation.auth.domain.CohortInvitation;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class CohortController {

    private static final String TRAINER_OR_ADMIN = "hasAnyRole('trainer', 'admin')";

    public record CohortRequest(
            @NotBlank(message = "est obligatoire")
            @Size(min = 2, max = 80, message = "doit contenir entre {min} et {max} caractères")
            @PlainText
            String name) {
    }

    public record MemberRequest(@NotNull(message = "est obligatoire") UUID userId) {
    }

    /** Whom to invite: their user id or their e-mail address, exactly one of the two. */
    public record InvitationRequest(
            UUID userId,
            @Email(message = "doit être une adresse e-mail") @Size(max = 254, message = "ne doit pas dépasser {max} caractères")
            String email) {

        @AssertTrue(message = "indiquez soit userId, soit email")
        public boolean isExactlyOneInvitee() {
            return (userId == null) != (email == null || email.isBlank());
        }
    }

    public record InvitationResponse(UUID cohortId, String cohortName, UUID trainerId, String trainerName, Instant invitedAt) {
        static InvitationResponse of(CohortInvitation invitation) {
            return new InvitationResponse(invitation.cohortId(), invitation.cohortName(), invitation.trainerId(),
                    invitation.trainerName(), invitation.invitedAt());
        }
    }

    public record CohortResponse(UUID id, String name, UUID trainerId, Instant createdAt) {
        static CohortResponse of(Cohort cohort) {
            return new CohortResponse(cohort.id(), cohort.name(), cohort.trainerId(), cohort.createdAt());
        }
    }

    private final Cohorts cohorts;

    public CohortController(Cohorts cohorts) {
        this.cohorts = cohorts;
    }

    @PostMapping(path = "/cohorts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<CohortResponse>> create(@Valid @RequestBody CohortRequest request,
                                                       JwtAuthenticationToken caller, UriComponentsBuilder uri) {
        return cohorts.create(Callers.of(caller), request.name().strip())
                .map(cohort -> ResponseEntity.created(uri.path("/api/auth/cohorts/{id}/learners")
                        .buildAndExpand(cohort.id()).toUri()).body(CohortResponse.of(cohort)));
    }

    @GetMapping("/cohorts")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<List<CohortResponse>> mine(JwtAuthenticationToken caller) {
        return cohorts.visibleTo(Callers.of(caller)).map(list -> list.stream().map(CohortResponse::of).toList());
    }

    /**
     * Invites a learner; they join only by accepting. 202 whether or not the id or address belongs to anyone, so
     * the answer tells the trainer nothing about the person.
     */
    @PostMapping(path = "/cohorts/{cohortId}/invitations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<ResponseEntity<Void>> invite(@PathVariable UUID cohortId, @Valid @RequestBody InvitationRequest request,
                                             JwtAuthenticationToken caller) {
        return cohorts.invite(Callers.of(caller), cohortId, request.userId(),
                        request.email() == null ? null : request.email().strip())
                .thenReturn(ResponseEntity.accepted().build());
    }

    @GetMapping("/me/invitations")
    @PreAuthorize(Callers.PERSON)
    public Mono<List<InvitationResponse>> myInvitations(JwtAuthenticationToken caller) {
        return cohorts.invitationsOf(Callers.of(caller)).map(list -> list.stream().map(InvitationResponse::of).toList());
    }

    @PostMapping("/me/invitations/{cohortId}/accept")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<Void>> accept(@PathVariable UUID cohortId, JwtAuthenticationToken caller) {
        return cohorts.answer(Callers.of(caller), cohortId, true).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/me/invitations/{cohortId}/decline")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<Void>> decline(@PathVariable UUID cohortId, JwtAuthenticationToken caller) {
        return cohorts.answer(Callers.of(caller), cohortId, false).thenReturn(ResponseEntity.noContent().build());
    }

    /** An admin adds a learner without an invitation; trainers invite. */
    @PostMapping(path = "/cohorts/{cohortId}/learners", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<ResponseEntity<Void>> addLearner(@PathVariable UUID cohortId, @Valid @RequestBody MemberRequest request,
                                                 JwtAuthenticationToken caller) {
        return cohorts.addLearner(Callers.of(caller), cohortId, request.userId())
                .thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/cohorts/{cohortId}/learners")
    @PreAuthorize(TRAINER_OR_ADMIN)
    public Mono<List<ProfileResponse>> learners(@PathVariable UUID cohortId, JwtAuthenticationToken caller) {
        return cohorts.learners(Callers.of(caller), cohortId)
                .map(list -> list.stream().map(ProfileResponse::of).toList());
    }

    /** Someone's profile: themselves, their trainers and admins only (403 for anyone else). */
    @GetMapping("/users/{userId}")
    @PreAuthorize(Callers.PERSON)
    public Mono<ProfileResponse> profile(@PathVariable UUID userId, JwtAuthenticationToken caller) {
        return cohorts.profileOf(Callers.of(caller), userId).map(ProfileResponse::of);
    }
}
