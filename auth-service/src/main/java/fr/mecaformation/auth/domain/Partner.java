package fr.mecaformation.auth.domain;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A company using the public API through its own client-credentials client. */
public record Partner(UUID id, String company, String contactEmail, Set<PartnerScope> scopes, String clientId,
                      UUID keycloakClientId, UUID serviceAccountId, Instant createdAt, Instant revokedAt) {

    public Partner {
        scopes = Set.copyOf(scopes);
    }

    public boolean isRevoked() {
        return revokedAt != null;
    }
}
