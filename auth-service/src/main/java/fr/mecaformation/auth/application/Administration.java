package fr.mecaformation.auth.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.AuditLog;
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
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Administration(IdentityProvider identities, AuditLog audit, OutboxWriter outbox,
                          TransactionalOperator transactional, Clock clock) {
        this.identities = identities;
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
