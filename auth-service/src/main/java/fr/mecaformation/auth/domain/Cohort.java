package fr.mecaformation.auth.domain;

import fr.mecaformation.web.security.Caller;
import java.time.Instant;
import java.util.UUID;

/** A trainer's group of learners; its id is the id of the Keycloak group it mirrors. */
public record Cohort(UUID id, String name, UUID trainerId, Instant createdAt) {

    /** The trainer who owns it, and admins, manage it; nobody else learns that it exists. */
    public boolean isManagedBy(Caller actor) {
        return actor.isAdmin() || trainerId.equals(actor.id());
    }
}
