package fr.mecaformation.web.security;

import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.security.Principal;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reads the {@link Caller} out of a validated token. */
public final class Callers {

    /** {@code @PreAuthorize} for routes meant for people (learners, trainers, admins), not partner clients. */
    public static final String PERSON = "hasAnyRole('student', 'trainer', 'admin')";

    private Callers() {
    }

    public static Caller of(JwtAuthenticationToken token) {
        return new Caller(subject(token), token.getToken().getClaimAsString("email"),
                token.getToken().getClaimAsString("name"),
                token.getAuthorities().stream()
                        .map(authority -> authority.getAuthority().replaceFirst("^ROLE_", ""))
                        .collect(Collectors.toSet()));
    }

    /** Keycloak subjects are UUIDs; a signed token with anything else is not one of the platform's. */
    private static UUID subject(JwtAuthenticationToken token) {
        try {
            return UUID.fromString(token.getName());
        } catch (IllegalArgumentException e) {
            throw new InvalidBearerTokenException("The token's subject is not a Keycloak user or client id");
        }
    }

    /** The caller of a route open to anonymous requests: null when there is no token. */
    public static Caller ofNullable(Principal principal) {
        return principal instanceof JwtAuthenticationToken token ? of(token) : null;
    }
}
