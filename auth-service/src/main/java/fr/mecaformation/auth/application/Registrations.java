package fr.mecaformation.auth.application;

import fr.mecaformation.auth.domain.EmailAlreadyRegistered;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.domain.Registration;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.auth.persistence.VerificationMailQueue;
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
 * ever left half-registered. The verification e-mail is queued in the same transaction and sent after the answer
 * ({@link VerificationMails}): the person waits for two Keycloak calls, never for an SMTP exchange.
 */
@Service
public class Registrations {

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final IdentityProvider identities;
    private final ProfileRepository profiles;
    private final OutboxWriter outbox;
    private final VerificationMailQueue verificationMails;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Registrations(IdentityProvider identities, ProfileRepository profiles, OutboxWriter outbox,
                         VerificationMailQueue verificationMails, TransactionalOperator transactional, Clock clock) {
        this.identities = identities;
        this.profiles = profiles;
        this.outbox = outbox;
        this.verificationMails = verificationMails;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<LearnerProfile> register(Registration registration) {
        String email = registration.normalizedEmail();
        return profiles.emailTaken(email)
                .flatMap(taken -> taken ? Mono.error(new EmailAlreadyRegistered()) : identities.createStudent(registration))
                .flatMap(userId -> recordProfile(LearnerProfile.registered(userId, email, registration.displayName(), registration.displayName(),
                                registration.targetQualification(), clock.instant()))
                        .onErrorResume(failure -> undo(userId, failure)));
    }

    private Mono<LearnerProfile> recordProfile(LearnerProfile profile) {
        return profiles.insert(profile)
                .flatMap(saved -> outbox.append(new UserRegistered(Profiles.snapshot(saved), List.of("student"),
                                saved.createdAt()))
                        .then(verificationMails.request(saved.userId(), saved.createdAt()))
                        .thenReturn(saved))
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
