package fr.mecaformation.auth.keycloak;

import fr.mecaformation.auth.domain.EmailAlreadyRegistered;
import fr.mecaformation.auth.domain.PasswordRejected;
import fr.mecaformation.auth.domain.Registration;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keycloak, seen from auth-service: the accounts, passwords and roles it keeps for us. The admin client blocks, so
 * every call runs on the bounded elastic scheduler, behind a circuit breaker: when Keycloak is down, callers get
 * a quick 503 instead of a thread each waiting for a timeout.
 */
@Component
public class IdentityProvider {

    private static final Logger log = LoggerFactory.getLogger(IdentityProvider.class);
    static final String NAME = "keycloak";

    /** Keycloak's password-policy message keys, in French for the person choosing a password. */
    private static final Map<String, String> PASSWORD_RULES = Map.of(
            "invalidPasswordMinLengthMessage", "Au moins 10 caractères.",
            "invalidPasswordMaxLengthMessage", "Au plus 128 caractères.",
            "invalidPasswordMinDigitsMessage", "Au moins un chiffre.",
            "invalidPasswordMinLowerCaseCharsMessage", "Au moins une lettre minuscule.",
            "invalidPasswordMinUpperCaseCharsMessage", "Au moins une lettre majuscule.",
            "invalidPasswordNotUsernameMessage", "Il ne doit pas être votre identifiant.",
            "invalidPasswordNotEmailMessage", "Il ne doit pas être votre adresse e-mail.");

    private static final Set<String> PLATFORM_ROLES = Set.of("student", "trainer", "admin", "partner");

    private final Keycloak keycloak;
    private final String realm;
    private final ReactiveCircuitBreaker breaker;
    private final VerificationEmailProperties verification;
    private final Map<String, RoleRepresentation> realmRoles = new ConcurrentHashMap<>();

    public IdentityProvider(Keycloak keycloak, KeycloakProperties properties, VerificationEmailProperties verification,
                            ReactiveCircuitBreakerFactory<?, ?> breakers) {
        this.keycloak = keycloak;
        this.verification = verification;
        this.realm = properties.realm();
        this.breaker = breakers.create(NAME);
    }

    /**
     * Creates the account with the student role and a pending e-mail verification; returns its subject. If giving
     * the role fails, the account is deleted again, so Keycloak never keeps half a registration.
     */
    public Mono<UUID> createStudent(Registration registration) {
        return call(() -> {
            UserRepresentation user = new UserRepresentation();
            user.setUsername(registration.normalizedEmail());
            user.setEmail(registration.normalizedEmail());
            user.setFirstName(registration.firstName());
            user.setLastName(registration.lastName());
            user.setEnabled(true);
            user.setEmailVerified(false);
            user.setRequiredActions(List.of("VERIFY_EMAIL"));
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue(registration.password());
            password.setTemporary(false);
            user.setCredentials(List.of(password));
            UUID id;
            try (Response response = realm().users().create(user)) {
                id = switch (response.getStatus()) {
                    case 201 -> UUID.fromString(idFromLocation(response));
                    case 409 -> throw new EmailAlreadyRegistered();
                    case 400 -> throw refused(response);
                    default -> throw new IllegalStateException("Keycloak answered " + response.getStatus() + " to a user creation");
                };
            }
            try {
                RoleRepresentation student = realmRole("student");
                realm().users().get(id.toString()).roles().realmLevel().add(List.of(student));
            } catch (RuntimeException roleFailure) {
                deleteQuietly(id);
                throw roleFailure;
            }
            return id;
        });
    }

    /**
     * Asks Keycloak to e-mail the account its verification link (Keycloak writes and sends the message through the
     * realm's SMTP server; the link is an action token only Keycloak can check). Not behind the breaker: a mail
     * server refusing is not Keycloak being down, and must not make registrations fail fast for everyone.
     */
    public Mono<Void> sendVerificationEmail(UUID userId) {
        return Mono.fromRunnable(() -> realm().users().get(userId.toString())
                        .sendVerifyEmail(verification.clientId(), verification.redirectUri()))
                .subscribeOn(Schedulers.boundedElastic())
                .then();
    }

    /** What Keycloak keeps about a person, for their data export (never the credentials). */
    public record Account(String username, String email, boolean emailVerified, boolean enabled, Instant createdAt,
                          List<String> roles) {
    }

    public Mono<Account> account(UUID userId) {
        return call(() -> {
            UserResource user = existing(userId);
            UserRepresentation representation = user.toRepresentation();
            List<String> roles = platformRoles(user);
            return new Account(representation.getUsername(), representation.getEmail(),
                    Boolean.TRUE.equals(representation.isEmailVerified()), Boolean.TRUE.equals(representation.isEnabled()),
                    Instant.ofEpochMilli(representation.getCreatedTimestamp()), roles);
        });
    }

    /**
     * Closes the account: it can't sign in any more and its sessions end. Kept disabled rather than deleted, so
     * its subject is never reused by another person.
     */
    public Mono<Void> disable(UUID userId) {
        return setEnabled(userId, false);
    }

    /** Undoes {@link #disable} when the rest of an erasure failed. */
    public Mono<Void> enable(UUID userId) {
        return setEnabled(userId, true);
    }

    private Mono<Void> setEnabled(UUID userId, boolean enabled) {
        return call(() -> {
            UserResource user = existing(userId);
            UserRepresentation representation = user.toRepresentation();
            representation.setEnabled(enabled);
            user.update(representation);
            if (!enabled) {
                user.logout();
            }
            return true;
        }).then();
    }

    /** One line of the admins' user list. */
    public record UserSummary(UUID userId, String email, String firstName, String lastName, boolean enabled,
                              boolean emailVerified, Instant createdAt) {
    }

    public record UserPage(List<UserSummary> users, int total) {
    }

    /** Users whose name or e-mail contains {@code query} (all users when blank), a page at a time. */
    public Mono<UserPage> search(String query, int page, int size) {
        return call(() -> {
            String search = query == null || query.isBlank() ? "" : query.strip();
            List<UserSummary> users = realm().users().search(search, page * size, size, true).stream()
                    .filter(user -> user.getServiceAccountClientId() == null)
                    .map(user -> new UserSummary(UUID.fromString(user.getId()), user.getEmail(), user.getFirstName(),
                            user.getLastName(), Boolean.TRUE.equals(user.isEnabled()),
                            Boolean.TRUE.equals(user.isEmailVerified()), Instant.ofEpochMilli(user.getCreatedTimestamp())))
                    .toList();
            int total = realm().users().count(search);
            return new UserPage(users, total);
        });
    }

    /** The user's platform roles; {@code NotFound} when Keycloak has no such user. */
    public Mono<List<String>> roles(UUID userId) {
        return call(() -> platformRoles(existing(userId)));
    }

    /** Gives or takes one platform role; returns the user's platform roles afterwards. */
    public Mono<List<String>> changeRole(UUID userId, String role, boolean grant) {
        return call(() -> {
            UserResource user = existing(userId);
            List<RoleRepresentation> change = List.of(realmRole(role));
            if (grant) {
                user.roles().realmLevel().add(change);
            } else {
                user.roles().realmLevel().remove(change);
            }
            return platformRoles(user);
        });
    }

    /** Creates the Keycloak group that mirrors a cohort; returns its id. */
    public Mono<UUID> createGroup(String name) {
        return call(() -> {
            GroupRepresentation group = new GroupRepresentation();
            group.setName(name);
            try (Response response = realm().groups().add(group)) {
                return switch (response.getStatus()) {
                    case 201 -> UUID.fromString(idFromLocation(response));
                    case 409 -> throw new DomainException.Conflict("Une cohorte porte déjà ce nom.");
                    default -> throw new IllegalStateException("Keycloak answered " + response.getStatus() + " to a group creation");
                };
            }
        });
    }

    public Mono<Void> deleteGroup(UUID groupId) {
        return call(() -> {
            realm().groups().group(groupId.toString()).remove();
            return true;
        }).then();
    }

    public Mono<Void> joinGroup(UUID userId, UUID groupId) {
        return call(() -> {
            existing(userId).joinGroup(groupId.toString());
            return true;
        }).then();
    }

    public Mono<Void> leaveGroup(UUID userId, UUID groupId) {
        return call(() -> {
            existing(userId).leaveGroup(groupId.toString());
            return true;
        }).then();
    }

    private UserResource existing(UUID userId) {
        UserResource user = realm().users().get(userId.toString());
        try {
            user.toRepresentation();
        } catch (NotFoundException e) {
            throw new DomainException.NotFound("Aucun utilisateur " + userId + ".");
        }
        return user;
    }

    private static List<String> platformRoles(UserResource user) {
        return user.roles().realmLevel().listEffective().stream()
                .map(RoleRepresentation::getName)
                .filter(PLATFORM_ROLES::contains)
                .sorted()
                .toList();
    }

    /** A partner's client as Keycloak created it; the secret is shown once and never stored by us. */
    public record PartnerClient(String clientId, UUID keycloakId, UUID serviceAccountId, String secret) {
    }

    /**
     * A confidential client that can only obtain tokens for itself (client credentials), whose tokens carry the
     * platform audience and the {@code partner} role and nothing else.
     */
    public Mono<PartnerClient> createPartnerClient(String clientId, String company) {
        return call(() -> {
            ClientRepresentation client = new ClientRepresentation();
            client.setClientId(clientId);
            client.setName("Partenaire : " + company);
            client.setEnabled(true);
            client.setPublicClient(false);
            client.setClientAuthenticatorType("client-secret");
            client.setProtocol("openid-connect");
            client.setStandardFlowEnabled(false);
            client.setImplicitFlowEnabled(false);
            client.setDirectAccessGrantsEnabled(false);
            client.setServiceAccountsEnabled(true);
            ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
            audience.setName("meca-api-audience");
            audience.setProtocol("openid-connect");
            audience.setProtocolMapper("oidc-audience-mapper");
            audience.setConfig(Map.of("included.custom.audience", "meca-api", "access.token.claim", "true",
                    "id.token.claim", "false", "introspection.token.claim", "true"));
            client.setProtocolMappers(List.of(audience));
            UUID keycloakId;
            try (Response response = realm().clients().create(client)) {
                keycloakId = switch (response.getStatus()) {
                    case 201 -> UUID.fromString(idFromLocation(response));
                    case 409 -> throw new DomainException.Conflict("Un client partenaire porte déjà cet identifiant.");
                    default -> throw new IllegalStateException("Keycloak answered " + response.getStatus() + " to a client creation");
                };
            }
            try {
                ClientResource created = realm().clients().get(keycloakId.toString());
                UserRepresentation serviceAccount = created.getServiceAccountUser();
                realm().users().get(serviceAccount.getId()).roles().realmLevel()
                        .add(List.of(realmRole("partner")));
                return new PartnerClient(clientId, keycloakId, UUID.fromString(serviceAccount.getId()),
                        created.getSecret().getValue());
            } catch (RuntimeException failure) {
                removeClientQuietly(keycloakId);
                throw failure;
            }
        });
    }

    public Mono<String> rotateSecret(UUID keycloakClientId) {
        return call(() -> realm().clients().get(keycloakClientId.toString()).generateNewSecret().getValue());
    }

    /** Disables the client: Keycloak issues it no more tokens. */
    public Mono<Void> disableClient(UUID keycloakClientId) {
        return call(() -> {
            ClientResource client = realm().clients().get(keycloakClientId.toString());
            ClientRepresentation representation = client.toRepresentation();
            representation.setEnabled(false);
            client.update(representation);
            return true;
        }).then();
    }

    public Mono<Void> removeClient(UUID keycloakClientId) {
        return call(() -> {
            realm().clients().get(keycloakClientId.toString()).remove();
            return true;
        }).then();
    }

    private void removeClientQuietly(UUID keycloakClientId) {
        try {
            realm().clients().get(keycloakClientId.toString()).remove();
        } catch (RuntimeException e) {
            log.error("Could not remove the half-made partner client {}", keycloakClientId, e);
        }
    }

    /** Removes an account this service created; used to undo a registration whose second half failed. */
    public Mono<Void> delete(UUID userId) {
        return call(() -> {
            try (Response ignored = realm().users().delete(userId.toString())) {
                return null;
            }
        }).then();
    }

    private void deleteQuietly(UUID id) {
        try (Response ignored = realm().users().delete(id.toString())) {
            log.warn("Registration undone in Keycloak for user {}", id);
        } catch (RuntimeException e) {
            log.error("Could not undo the Keycloak account {} of a failed registration", id, e);
        }
    }

    private RealmResource realm() {
        return keycloak.realm(realm);
    }

    /**
     * A realm role, looked up once: the platform's roles are part of the committed realm and never change id, and a
     * registration then makes one admin call fewer.
     */
    private RoleRepresentation realmRole(String name) {
        RoleRepresentation known = realmRoles.get(name);
        if (known != null) {
            return known;
        }
        RoleRepresentation role = realm().roles().get(name).toRepresentation();
        realmRoles.put(name, role);
        return role;
    }

    /**
     * Signs the service account in and looks up the student role as soon as the service is ready, so the first
     * registration does not pay for them on a Keycloak that may still be cold. Best effort, outside the breaker: a
     * Keycloak not yet reachable here is signed in to by the first call instead.
     */
    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Mono.fromRunnable(() -> {
                    keycloak.tokenManager().getAccessToken();
                    realmRole("student");
                })
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(null, failure -> log.info("Keycloak not reachable at startup ({}); the first call signs in",
                        failure.toString()));
    }

    /**
     * Runs a blocking admin call off the event loop, behind the breaker. Answers we understand (duplicate,
     * policy) pass through as domain errors and do not count as failures; the rest become "Keycloak unavailable".
     */
    private <T> Mono<T> call(Callable<T> blocking) {
        Mono<T> attempt = Mono.fromCallable(blocking).subscribeOn(Schedulers.boundedElastic());
        return breaker.run(attempt, failure -> Mono.error(failure instanceof DomainException domain
                        ? domain : unavailable(failure)));
    }

    private static DomainException unavailable(Throwable failure) {
        if (!(failure instanceof CallNotPermittedException)) {
            log.warn("Keycloak call failed: {}", failure.toString());
        }
        return new DomainException.Unavailable("identité", failure);
    }

    private static DomainException refused(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (!body.contains("invalidPassword")) {
            return new DomainException.Invalid("Le fournisseur d'identité a refusé ce compte.",
                    List.of(new FieldError("email", "Vérifiez votre adresse e-mail.")));
        }
        String rule = PASSWORD_RULES.entrySet().stream()
                .filter(entry -> body.contains(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("Choisissez un autre mot de passe.");
        return new PasswordRejected(rule);
    }

    private static String idFromLocation(Response response) {
        String path = response.getLocation().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

}
