package fr.mecaformation.auth.application;

import fr.mecaformation.auth.domain.EmailAlreadyRegistered;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.domain.Registration;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.platform.outbox.OutboxWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Opening an account is two writes in two systems: the Keycloak account, then the profile and its event in our
 * database. No transaction spans both, so the second failing undoes the first (a compensation): no person is
 * ever left half-registered.
 */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final IdentityProvider identities;
    private final ProfileRepository profiles;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Registrations(IdentityProvider identities, ProfileRepository profiles, OutboxWriter outbox,
                         TransactionalOperator transactional, Clock clock) {
        this.identities = identities;
        this.profiles = profiles;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** The new account, and whether its verification e-mail went out. */
    public record Registered(LearnerProfile profile, boolean verificationEmailSent) {
    }

    public Mono<Registered> register(Registration registration) {
        String email = registration.normalizedEmail();
        return profiles.emailTaken(email)
                .flatMap(taken -> taken ? Mono.error(new EmailAlreadyRegistered()) : identities.createStudent(registration))
                .flatMap(userId -> recordProfile(LearnerProfile.registered(userId, email, registration.displayName(), registration.displayName(),
                                registration.targetQualification(), clock.instant()))
                        .onErrorResume(failure -> undo(userId, failure)))
                .flatMap(this::sendVerificationEmail);
    }

    /**
     * After the profile committed, never inside its transaction (an SMTP exchange would hold a pooled connection).
     * A mail that does not go out does not undo the account: the person is registered, is told the mail was not
     * sent, and Keycloak sends it again when they first sign in on its login page (the realm's "verify e-mail").
     */
    private Mono<Registered> sendVerificationEmail(LearnerProfile profile) {
        return identities.sendVerificationEmail(profile.userId())
                .thenReturn(new Registered(profile, true))
                .onErrorResume(failure -> {
                    log.warn("Verification e-mail for account {} not sent: {}", profile.userId(), failure.toString());
                    return Mono.just(new Registered(profile, false));
                });
    }

    private Mono<LearnerProfile> recordProfile(LearnerProfile profile) {
        return profiles.insert(profile)
                .flatMap(saved -> outbox.append(new UserRegistered(Profiles.snapshot(saved), List.of("student"),
                        saved.createdAt())).thenReturn(saved))
                .as(transactional::transactional);
    }

    private Mono<LearnerProfile> undo(UUID userId, Throwable failure) {
        log.warn("Registration of {} failed after its Keycloak account was created; deleting the account", userId, failure);
        return identities.delete(userId)
                .onErrorResume(undoFailure -> {
                    log.error("Keycloak account {} could not be deleted after a failed registration", userId, undoFailure);
                    return Mono.empty();
                })
                .then(Mono.error(failure));
    }
}
