package fr.mecaformation.auth.api;

import fr.mecaformation.auth.application.Profiles;
import fr.mecaformation.auth.application.Registrations;
import fr.mecaformation.auth.domain.Actor;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.util.UUID;
import java.util.stream.Collectors;

@RestController
@RequestMapping(path = "/api/auth", produces = MediaType.APPLICATION_JSON_VALUE)
public class AccountController {

    private final Registrations registrations;
    private final Profiles profiles;

    public AccountController(Registrations registrations, Profiles profiles) {
        this.registrations = registrations;
        this.profiles = profiles;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RegistrationResponse>> register(@Valid @RequestBody RegistrationRequest request,
                                                               UriComponentsBuilder uri) {
        return registrations.register(request.toRegistration())
                .map(profile -> ResponseEntity.created(uri.path("/api/auth/me").build().toUri())
                        .body(new RegistrationResponse(profile.userId(), profile.email(), true)));
    }

    @GetMapping("/me")
    @PreAuthorize("isAuthenticated()")
    public Mono<ProfileResponse> me(JwtAuthenticationToken caller) {
        return profiles.mine(actor(caller)).map(ProfileResponse::of);
    }

    @PutMapping(path = "/me", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("isAuthenticated()")
    public Mono<ProfileResponse> update(@Valid @RequestBody ProfileUpdateRequest request, JwtAuthenticationToken caller) {
        return profiles.update(actor(caller), request.toChanges()).map(ProfileResponse::of);
    }

    private static Actor actor(JwtAuthenticationToken token) {
        return new Actor(UUID.fromString(token.getName()), token.getToken().getClaimAsString("email"),
                token.getToken().getClaimAsString("name"),
                token.getAuthorities().stream()
                        .map(authority -> authority.getAuthority().replaceFirst("^ROLE_", ""))
                        .collect(Collectors.toSet()));
    }
}
