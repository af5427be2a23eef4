package fr.mecaformation.auth.api;

import fr.mecaformation.web.security.Callers;
import fr.mecaformation.auth.application.Partners;
import fr.mecaformation.auth.domain.Partner;
import fr.mecaformation.auth.domain.PartnerScope;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class PartnerController {

    public record PartnerRequest(
            @NotBlank(message = "est obligatoire")
            @Size(min = 2, max = 120, message = "doit contenir entre {min} et {max} caractères")
            @PlainText
            String company,

            @NotBlank(message = "est obligatoire")
            @Size(max = 254, message = "ne doit pas dépasser {max} caractères")
            @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", message = "n'est pas une adresse e-mail valide")
            String contactEmail,

            @NotEmpty(message = "au moins un périmètre")
            Set<PartnerScope> scopes) {
    }

    public record PartnerResponse(UUID id, String company, String contactEmail, List<PartnerScope> scopes,
                                  String clientId, Instant createdAt, Instant revokedAt) {
        static PartnerResponse of(Partner partner) {
            return new PartnerResponse(partner.id(), partner.company(), partner.contactEmail(),
                    partner.scopes().stream().sorted().toList(), partner.clientId(), partner.createdAt(),
                    partner.revokedAt());
        }
    }

    /** Shown once: the platform keeps no copy of the secret. */
    public record CredentialsResponse(PartnerResponse partner, String clientId, String clientSecret, String tokenUrl) {
    }

    private final Partners partners;
    private final String tokenUrl;

    public PartnerController(Partners partners,
                             @Value("${meca.keycloak.url}/realms/${meca.keycloak.realm}/protocol/openid-connect/token") String tokenUrl) {
        this.partners = partners;
        this.tokenUrl = tokenUrl;
    }

    @PostMapping(path = "/admin/partners", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('admin')")
    public Mono<ResponseEntity<CredentialsResponse>> create(@Valid @RequestBody PartnerRequest request,
                                                            JwtAuthenticationToken caller) {
        return partners.create(Callers.of(caller), request.company().strip(), request.contactEmail().strip(),
                        request.scopes())
                .map(credentials -> ResponseEntity.status(201).cacheControl(CacheControl.noStore()).body(response(credentials)));
    }

    @GetMapping("/admin/partners")
    @PreAuthorize("hasRole('admin')")
    public Mono<List<PartnerResponse>> all() {
        return partners.all().map(list -> list.stream().map(PartnerResponse::of).toList());
    }

    @PostMapping("/admin/partners/{partnerId}/secret")
    @PreAuthorize("hasRole('admin')")
    public Mono<ResponseEntity<CredentialsResponse>> rotate(@PathVariable UUID partnerId, JwtAuthenticationToken caller) {
        return partners.rotateSecret(Callers.of(caller), partnerId)
                .map(credentials -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(response(credentials)));
    }

    @DeleteMapping("/admin/partners/{partnerId}")
    @PreAuthorize("hasRole('admin')")
    public Mono<ResponseEntity<Void>> revoke(@PathVariable UUID partnerId, JwtAuthenticationToken caller) {
        return partners.revoke(Callers.of(caller), partnerId).thenReturn(ResponseEntity.noContent().build());
    }

    /** The public API's first partner route: who the calling partner is and what it may do. */
    @GetMapping("/partner/me")
    @PreAuthorize("hasRole('partner')")
    public Mono<PartnerResponse> me(JwtAuthenticationToken caller) {
        return partners.calling(Callers.of(caller)).map(PartnerResponse::of);
    }

    private CredentialsResponse response(Partners.Credentials credentials) {
        return new CredentialsResponse(PartnerResponse.of(credentials.partner()), credentials.partner().clientId(),
                credentials.clientSecret(), tokenUrl);
    }
}
