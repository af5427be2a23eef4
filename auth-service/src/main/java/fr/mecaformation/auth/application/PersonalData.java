package fr.mecaformation.auth.application;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.AuditLog;
import fr.mecaformation.auth.persistence.CohortRepository;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.auth.persistence.VerificationMailQueue;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.platform.outbox.OutboxWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** A person's rights over their data (GDPR): a copy of everything we hold, and erasure. */
@Service
public class PersonalData {

    private static final Logger log = LoggerFactory.getLogger(PersonalData.class);
    static final String ERASED = "ACCOUNT_ERASED";

    /** Everything auth-service and Keycloak hold about one person. */
    public record Export(Instant exportedAt, LearnerProfile profile, IdentityProvider.Account account,
                         List<AuditLog.Entry> history) {
    }

    private final Profiles profiles;
    private final ProfileRepository profileRows;
    private final CohortRepository cohorts;
    private final IdentityProvider identities;
    private final AuditLog audit;
    private final VerificationMailQueue verificationMails;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public PersonalData(Profiles profiles, ProfileRepository profileRows, CohortRepository cohorts,
                        IdentityProvider identities, AuditLog audit, VerificationMailQueue verificationMails,
                        OutboxWriter outbox, TransactionalOperator transactional, Clock clock) {
        this.profiles = profiles;
        this.profileRows = profileRows;
        this.cohorts = cohorts;
        this.identities = identities;
        this.audit = audit;
        this.verificationMails = verificationMails;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<Export> export(Caller caller) {
        return Mono.zip(profiles.mine(caller), identities.account(caller.id()), audit.about(caller.id()).collectList())
                .map(parts -> new Export(clock.instant(), parts.getT1(), parts.getT2(), parts.getT3()));
    }

    /**
     * Erases the caller's account: Keycloak first (no sign-in from then on), then, in one transaction, the
     * anonymised profile, the audit entry and {@link UserDeleted} for the other services. If our transaction
     * fails, the account is enabled again, so a failed erasure leaves the person as they were.
     */
    public Mono<Void> erase(Caller caller) {
        Instant now = clock.instant();
        return identities.disable(caller.id())
                .then(profileRows.erase(caller.id(), now)
                        .then(cohorts.forgetInvitations(caller.id()))
                        .then(verificationMails.forget(caller.id()))
                        .then(audit.append(new AuditLog.Entry(now, caller.id(), ERASED, caller.id(), "{\"requestedBy\":\"self\"}")))
                        .then(outbox.append(new UserDeleted(caller.id(), now)))
                        .as(transactional::transactional)
                        .onErrorResume(failure -> {
                            log.warn("Erasure of {} failed after its Keycloak account was disabled; enabling it again",
                                    caller.id(), failure);
                            return identities.enable(caller.id()).onErrorResume(e -> Mono.empty()).then(Mono.error(failure));
                        }))
                .then();
    }
}
