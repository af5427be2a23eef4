package fr.mecaformation.auth.api;

import fr.mecaformation.web.security.Callers;
import fr.mecaformation.auth.application.PersonalData;
import fr.mecaformation.auth.application.Profiles;
import fr.mecaformation.auth.application.Registrations;
import fr.mecaformation.web.security.Caller;
import jakarta.validation.Valid;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.DeleteMapping;
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
    private final PersonalData personalData;

    public AccountController(Registrations registrations, Profiles profiles, PersonalData personalData) {
        this.registrations = registrations;
        this.profiles = profiles;
        this.personalData = personalData;
    }

    @PostMapping(path = "/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<RegistrationResponse>> register(@Valid @RequestBody RegistrationRequest request,
                                                               UriComponentsBuilder uri) {
        return registrations.register(request.toRegistration())
                .map(profile -> ResponseEntity.created(uri.path("/api/auth/me").build().toUri())
                        .body(new RegistrationResponse(profile.userId(), profile.email(), true)));
    }

    @GetMapping("/me")
    @PreAuthorize(Callers.PERSON)
    public Mono<ProfileResponse> me(JwtAuthenticationToken caller) {
        return profiles.mine(Callers.of(caller)).map(ProfileResponse::of);
    }

    @PutMapping(path = "/me", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Callers.PERSON)
    public Mono<ProfileResponse> update(@Valid @RequestBody ProfileUpdateRequest request, JwtAuthenticationToken caller) {
        return profiles.update(Callers.of(caller), request.toChanges()).map(ProfileResponse::of);
    }

    @GetMapping("/me/export")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<PersonalDataExportResponse>> export(JwtAuthenticationToken caller) {
        return personalData.export(Callers.of(caller)).map(export -> ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("mes-donnees-mecaformation.json").build().toString())
                .body(PersonalDataExportResponse.of(export)));
    }

    /** Erases the caller's account (GDPR article 17): sign-in refused from now on, profile anonymised. */
    @DeleteMapping("/me")
    @PreAuthorize(Callers.PERSON)
    public Mono<ResponseEntity<Void>> erase(JwtAuthenticationToken caller) {
        return personalData.erase(Callers.of(caller)).thenReturn(ResponseEntity.noContent().build());
    }
}
