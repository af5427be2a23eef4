package fr.mecaformation.auth.api;

import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.web.bind.annotation.RequestBody;

import fr.mecaformation.web.security.Callers;
import fr.mecaformation.auth.application.Administration;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/** Account administration, for admins only; every change lands in the audit trail. */
@RestController
@RequestMapping(path = "/api/auth/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
@PreAuthorize("hasRole('admin')")
public class AdminController {

    public record RolesResponse(UUID userId, List<String> roles) {
    }

    private final Administration administration;

    public AdminController(Administration administration) {
        this.administration = administration;
    }

    @GetMapping
    public Mono<IdentityProvider.UserPage> search(@RequestParam(required = false) @Size(max = 100) String q,
                                                  @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                                                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return administration.search(q, page, size);
    }

    @PutMapping("/{userId}/roles/{role}")
    public Mono<RolesResponse> grant(@PathVariable UUID userId, @PathVariable String role, JwtAuthenticationToken caller) {
        return administration.changeRole(Callers.of(caller), userId, role, true)
                .map(roles -> new RolesResponse(userId, roles));
    }

    @DeleteMapping("/{userId}/roles/{role}")
    public Mono<RolesResponse> revoke(@PathVariable UUID userId, @PathVariable String role, JwtAuthenticationToken caller) {
        return administration.changeRole(Callers.of(caller), userId, role, false)
                .map(roles -> new RolesResponse(userId, roles));
    }

    /** A legal name as an admin has checked it (an identity document): what certificates carry. */
    public record LegalNameRequest(
            @NotBlank(message = "est obligatoire") @Size(max = 40, message = "ne doit pas dépasser {max} caractères")
            @PlainText String firstName,
            @NotBlank(message = "est obligatoire") @Size(max = 40, message = "ne doit pas dépasser {max} caractères")
            @PlainText String lastName) {
    }

    @PutMapping(path = "/{userId}/legal-name", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ProfileResponse> setLegalName(@PathVariable UUID userId, @Valid @RequestBody LegalNameRequest request,
                                              JwtAuthenticationToken caller) {
        return administration.setLegalName(Callers.of(caller), userId, request.firstName(), request.lastName())
                .map(ProfileResponse::of);
    }

    @PostMapping("/{userId}/disable")
    public Mono<ResponseEntity<Void>> disable(@PathVariable UUID userId, JwtAuthenticationToken caller) {
        return administration.setEnabled(Callers.of(caller), userId, false).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/{userId}/enable")
    public Mono<ResponseEntity<Void>> enable(@PathVariable UUID userId, JwtAuthenticationToken caller) {
        return administration.setEnabled(Callers.of(caller), userId, true).thenReturn(ResponseEntity.noContent().build());
    }
}
