package fr.mecaformation.auth.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.persistence.AuditLog;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRoleChanged;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What admins do to accounts; every change is audited (who, what, when). */
@Service
public class Administration {

    /** Roles an admin hands out here; partner accounts are clients, made through the partner API. */
    private static final Set<String> ASSIGNABLE = Set.of("student", "trainer", "admin");

    private final IdentityProvider identities;
    private final ProfileRepository profiles;
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Administration(IdentityProvider identities, ProfileRepository profiles, AuditLog audit, OutboxWriter outbox,
                          TransactionalOperator transactional, Clock clock) {
        this.identities = identities;
        this.profiles = profiles;
        this.audit = audit;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<IdentityProvider.UserPage> search(String query, int page, int size) {
        return identities.search(query, page, size);
    }

    public Mono<List<String>> changeRole(Caller admin, UUID userId, String role, boolean grant) {
        if (!ASSIGNABLE.contains(role)) {
            return Mono.error(new DomainException.NotFound("Aucun rôle « " + role + " » attribuable ici."));
        }
        if (admin.id().equals(userId) && "admin".equals(role) && !grant) {
            return Mono.error(new DomainException.Conflict("Un administrateur ne peut pas se retirer lui-même ce rôle."));
        }
        Instant now = clock.instant();
        return identities.changeRole(userId, role, grant).flatMap(roles ->
                audit.append(new AuditLog.Entry(now, admin.id(), grant ? "ROLE_GRANTED" : "ROLE_REVOKED", userId,
                                "{\"role\":\"" + role + "\"}"))
                        .then(outbox.append(new UserRoleChanged(userId, role, grant, roles, admin.id(), now)))
                        .as(transactional::transactional)
                        .onErrorResume(failure -> identities.changeRole(userId, role, !grant)
                                .onErrorResume(e -> Mono.empty()).then(Mono.error(failure)))
                        .thenReturn(roles));
    }

    /**
     * The checked path for a legal name (the name certificates carry): an admin sets it, having seen proof of it; the
     * audit trail keeps who did it, and {@code UserProfileUpdated} carries it to the services that print it.
     */
    public Mono<LearnerProfile> setLegalName(Caller admin, UUID userId, String firstName, String lastName) {
        Instant now = clock.instant();
        String legalName = firstName.strip() + " " + lastName.strip();
        return profiles.findById(userId)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Cette personne n'a pas encore de profil.")))
                .flatMap(current -> legalName.equals(current.legalName()) ? Mono.just(current)
                        : profiles.updateLegalName(current.withLegalName(legalName, now))
                                .switchIfEmpty(Mono.error(() -> new DomainException.Conflict(
                                        "Ce profil vient d'être modifié ailleurs ; recommencez.")))
                                .flatMap(saved -> audit.append(new AuditLog.Entry(now, admin.id(), "LEGAL_NAME_CHANGED",
                                                userId, "{\"field\":\"legalName\"}"))
                                        .then(outbox.append(new UserProfileUpdated(Profiles.snapshot(saved),
                                                List.of("legalName"))))
                                        .thenReturn(saved)))
                .as(transactional::transactional);
    }

    public Mono<Void> setEnabled(Caller admin, UUID userId, boolean enabled) {
        if (admin.id().equals(userId)) {
            return Mono.error(new DomainException.Conflict("Un administrateur ne peut pas désactiver son propre compte."));
        }
        Instant now = clock.instant();
        return (enabled ? identities.enable(userId) : identities.disable(userId))
                .then(audit.append(new AuditLog.Entry(now, admin.id(), enabled ? "ACCOUNT_ENABLED" : "ACCOUNT_DISABLED",
                        userId, "{}")));
    }
}
