package fr.mecaformation.auth.api;

import fr.mecaformation.auth.domain.Actor;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.UUID;
import java.util.stream.Collectors;

/** The person behind a request, as their token describes them. */
final class Callers {

    /** People (learners, trainers, admins); partner clients are not people and have no profile. */
    static final String PERSON = "hasAnyRole('student', 'trainer', 'admin')";

    private Callers() {
    }

    static Actor actor(JwtAuthenticationToken token) {
        return new Actor(UUID.fromString(token.getName()), token.getToken().getClaimAsString("email"),
                token.getToken().getClaimAsString("name"),
                token.getAuthorities().stream()
                        .map(authority -> authority.getAuthority().replaceFirst("^ROLE_", ""))
                        .collect(Collectors.toSet()));
    }
}
