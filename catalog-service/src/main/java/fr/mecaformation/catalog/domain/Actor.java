package fr.mecaformation.catalog.domain;

import java.util.Set;

/** Who asks: their Keycloak subject and platform roles. */
public record Actor(String id, Set<String> roles) {

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
