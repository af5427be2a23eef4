package fr.mecaformation.auth.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.domain.Partner;
import fr.mecaformation.auth.domain.PartnerScope;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.AuditLog;
import fr.mecaformation.auth.persistence.PartnerRepository;
import fr.mecaformation.web.problem.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Partner companies of the public API. Each gets a Keycloak client-credentials client with the partner role; its
 * secret is returned once, when created or rotated, and never stored on our side.
 */
@Service
public class Partners {

    /** A partner and, right after creation or rotation only, its secret. */
    public record Credentials(Partner partner, String clientSecret) {
    }

    private final PartnerRepository partners;
    private final IdentityProvider identities;
    private final AuditLog audit;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Partners(PartnerRepository partners, IdentityProvider identities, AuditLog audit,
                    TransactionalOperator transactional, Clock clock) {
        this.partners = partners;
        this.identities = identities;
        this.audit = audit;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<Credentials> create(Caller admin, String company, String contactEmail, Set<PartnerScope> scopes) {
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        String clientId = "partenaire-" + slug(company) + "-" + id.toString().substring(0, 8);
        return identities.createPartnerClient(clientId, company).flatMap(client -> {
            Partner partner = new Partner(id, company, contactEmail, scopes, clientId, client.keycloakId(),
                    client.serviceAccountId(), now, null);
            return partners.insert(partner)
                    .then(audit.append(new AuditLog.Entry(now, admin.id(), "PARTNER_CREATED", id,
                            "{\"clientId\":\"" + clientId + "\"}")))
                    .as(transactional::transactional)
                    .thenReturn(new Credentials(partner, client.secret()))
                    .onErrorResume(failure -> identities.removeClient(client.keycloakId())
                            .onErrorResume(e -> Mono.empty()).then(Mono.error(failure)));
        });
    }

    public Mono<List<Partner>> all() {
        return partners.findAll().collectList();
    }

    public Mono<Credentials> rotateSecret(Caller admin, UUID partnerId) {
        Instant now = clock.instant();
        return active(partnerId).flatMap(partner -> identities.rotateSecret(partner.keycloakClientId())
                .flatMap(secret -> audit.append(new AuditLog.Entry(now, admin.id(), "PARTNER_SECRET_ROTATED", partnerId, "{}"))
                        .thenReturn(new Credentials(partner, secret))));
    }

    /** Keycloak stops issuing the partner tokens at once; tokens already issued expire within their lifetime. */
    public Mono<Void> revoke(Caller admin, UUID partnerId) {
        Instant now = clock.instant();
        return active(partnerId).flatMap(partner -> identities.disableClient(partner.keycloakClientId())
                .then(partners.revoke(partnerId, now)
                        .then(audit.append(new AuditLog.Entry(now, admin.id(), "PARTNER_REVOKED", partnerId, "{}")))
                        .as(transactional::transactional)));
    }

    /** The partner behind a client-credentials token. */
    public Mono<Partner> calling(Caller client) {
        return partners.findByServiceAccount(client.id())
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun partenaire actif pour ce client.")));
    }

    private Mono<Partner> active(UUID partnerId) {
        return partners.findById(partnerId)
                .filter(partner -> !partner.isRevoked())
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucun partenaire actif " + partnerId + ".")));
    }

    private static String slug(String company) {
        String ascii = Normalizer.normalize(company, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "societe" : slug.substring(0, Math.min(slug.length(), 30));
    }
}
