package fr.mecaformation.auth.application;

import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.domain.Cohort;
import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.keycloak.IdentityProvider;
import fr.mecaformation.auth.persistence.AuditLog;
import fr.mecaformation.auth.persistence.CohortRepository;
import fr.mecaformation.auth.persistence.ProfileRepository;
import fr.mecaformation.web.problem.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Trainers' cohorts, mirrored from Keycloak groups, and what they open: a trainer sees the learners of their own
 * cohorts and nobody else's. Each write goes to Keycloak first, then here; a failure here undoes Keycloak's part.
 * A new member is announced ({@code CohortMemberAdded}), so services that show trainers their learners' data know who is whose.
 */
@Service
public class Cohorts {

    private final CohortRepository cohorts;
    private final ProfileRepository profiles;
    private final IdentityProvider identities;
    private final AuditLog audit;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Cohorts(CohortRepository cohorts, ProfileRepository profiles, IdentityProvider identities, AuditLog audit,
                   OutboxWriter outbox, TransactionalOperator transactional, Clock clock) {
        this.outbox = outbox;
        this.cohorts = cohorts;
        this.profiles = profiles;
        this.identities = identities;
        this.audit = audit;
        this.transactional = transactional;
        this.clock = clock;
    }

    public Mono<Cohort> create(Caller trainer, String name) {
        Instant now = clock.instant();
        return identities.createGroup(name).flatMap(groupId -> cohorts.insert(new Cohort(groupId, name, trainer.id(), now))
                .flatMap(cohort -> audit.append(new AuditLog.Entry(now, trainer.id(), "COHORT_CREATED", trainer.id(),
                        "{\"cohortId\":\"" + groupId + "\"}")).thenReturn(cohort))
                .as(transactional::transactional)
                .onErrorResume(failure -> identities.deleteGroup(groupId).onErrorResume(e -> Mono.empty())
                        .then(Mono.error(failure))));
    }

    public Mono<List<Cohort>> visibleTo(Caller actor) {
        return (actor.isAdmin() ? cohorts.findAll() : cohorts.findByTrainer(actor.id())).collectList();
    }

    /** Adds a learner (someone with the student role) to a cohort the caller manages. */
    public Mono<Void> addLearner(Caller actor, UUID cohortId, UUID learnerId) {
        Instant now = clock.instant();
        return managed(actor, cohortId)
                .flatMap(cohort -> identities.roles(learnerId).flatMap(roles -> roles.contains("student")
                        ? Mono.just(cohort)
                        : Mono.error(new DomainException.Conflict("Seul un apprenant peut rejoindre une cohorte."))))
                .flatMap(cohort -> identities.joinGroup(learnerId, cohortId)
                        .then(cohorts.addMember(cohortId, learnerId, now)
                                .flatMap(added -> added
                                        ? audit.append(new AuditLog.Entry(now, actor.id(), "COHORT_MEMBER_ADDED", learnerId,
                                                "{\"cohortId\":\"" + cohortId + "\"}"))
                                                .then(outbox.append(new CohortMemberAdded(cohortId, cohort.name(),
                                                        cohort.trainerId(), learnerId, now)))
                                        : Mono.empty())
                                .as(transactional::transactional)
                                .onErrorResume(failure -> identities.leaveGroup(learnerId, cohortId)
                                        .onErrorResume(e -> Mono.empty()).then(Mono.error(failure)))));
    }

    public Mono<List<LearnerProfile>> learners(Caller actor, UUID cohortId) {
        return managed(actor, cohortId)
                .flatMap(cohort -> cohorts.members(cohortId).concatMap(profiles::findById).collectList());
    }

    /**
     * Another person's profile: themselves, an admin, or a trainer who has them in a cohort. Anyone else is
     * refused (403), whether or not the person exists.
     */
    public Mono<LearnerProfile> profileOf(Caller actor, UUID userId) {
        Mono<Boolean> allowed = actor.id().equals(userId) || actor.isAdmin() ? Mono.just(true)
                : actor.isTrainer() ? cohorts.isTaughtBy(userId, actor.id()) : Mono.just(false);
        return allowed.flatMap(yes -> yes
                ? profiles.findById(userId).switchIfEmpty(Mono.error(() -> new DomainException.NotFound(
                        "Cette personne n'a pas encore de profil.")))
                : Mono.error(new DomainException.Forbidden("Ce profil n'est visible que de la personne, de ses formateurs et des administrateurs.")));
    }

    private Mono<Cohort> managed(Caller actor, UUID cohortId) {
        return cohorts.findById(cohortId)
                .filter(cohort -> cohort.isManagedBy(actor))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune cohorte " + cohortId + ".")));
    }
}
