package fr.mecaformation.auth.domain;

import java.util.Set;
import java.util.UUID;

/** Who asks: their Keycloak subject, e-mail, name and platform roles, as the token says. */
public record Actor(UUID id, String email, String name, Set<String> roles) {

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean isTrainer() {
        return roles.contains("trainer");
    }
}
