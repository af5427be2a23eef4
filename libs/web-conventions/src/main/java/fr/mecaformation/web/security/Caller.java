package fr.mecaformation.web.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who makes a request, as their token says: Keycloak subject, e-mail and name (people only; partner clients have
 * neither) and platform roles. Plain data, so domains can take it in their rules.
 */
public record Caller(UUID id, String email, String name, Set<String> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The Keycloak subject as the token writes it. */
    public String subject() {
        return id.toString();
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return hasRole("admin");
    }

    public boolean isTrainer() {
        return hasRole("trainer");
    }
}
