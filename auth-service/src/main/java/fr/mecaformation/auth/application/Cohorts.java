package fr.mecaformation.auth.application;

import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.security.Caller;
import fr.mecaformation.auth.domain.Cohort;
import fr.mecaformation.auth.domain.CohortInvitation;
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
 * cohorts and nobody else's. A learner joins by accepting a trainer's invitation (or an admin adds them): being in a
 * cohort shows the trainer their profile and progress, so it is never the trainer's decision alone. Each write goes to Keycloak first, then here; a failure here undoes Keycloak's part.
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

    /**
     * A trainer (or an admin) invites someone to a cohort they manage, by id or e-mail address. Nothing is revealed
     * in return: an unknown address, someone already invited or already a member all answer the same, so the
     * invitation can't be used to find out who has an account. The learner decides ({@link #answer}).
     */
    public Mono<Void> invite(Caller actor, UUID cohortId, UUID userId, String email) {
        Instant now = clock.instant();
        return managed(actor, cohortId)
                .flatMap(cohort -> (userId != null ? profiles.findById(userId).map(LearnerProfile::userId)
                        : profiles.idOfEmail(email))
                        .filter(invitee -> !invitee.equals(actor.id()))
                        .flatMap(invitee -> cohorts.invite(cohortId, invitee, actor.id(), now)
                                .filter(Boolean::booleanValue)
                                .flatMap(invited -> audit.append(new AuditLog.Entry(now, actor.id(), "COHORT_INVITATION_SENT",
                                        invitee, "{\"cohortId\":\"" + cohortId + "\"}")))
                                .as(transactional::transactional)))
                .then();
    }

    /** The caller's pending invitations. */
    public Mono<List<CohortInvitation>> invitationsOf(Caller learner) {
        return cohorts.pendingInvitations(learner.id()).collectList();
    }

    /**
     * The invited learner accepts (they become a member: Keycloak group, membership, {@code CohortMemberAdded}) or
     * declines. Only the invited person can answer; with no pending invitation the answer is 404.
     */
    public Mono<Void> answer(Caller learner, UUID cohortId, boolean accept) {
        Instant now = clock.instant();
        Mono<Cohort> invitedTo = cohorts.isInvited(cohortId, learner.id())
                .filter(Boolean::booleanValue)
                .flatMap(invited -> cohorts.findById(cohortId))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune invitation en attente pour la cohorte "
                        + cohortId + ".")));
        if (!accept) {
            return invitedTo.flatMap(cohort -> cohorts.answer(cohortId, learner.id(), false, now)
                    .filter(Boolean::booleanValue)
                    .flatMap(answered -> audit.append(new AuditLog.Entry(now, learner.id(), "COHORT_INVITATION_DECLINED",
                            learner.id(), "{\"cohortId\":\"" + cohortId + "\"}")))
                    .as(transactional::transactional))
                    .then();
        }
        return invitedTo
                .flatMap(cohort -> learner.hasRole("student") ? Mono.just(cohort)
                        : Mono.error(new DomainException.Conflict("Seul un apprenant peut rejoindre une cohorte.")))
                .flatMap(cohort -> identities.joinGroup(learner.id(), cohortId)
                        .then(cohorts.answer(cohortId, learner.id(), true, now)
                                .flatMap(answered -> answered ? join(cohort, learner.id(), learner.id(), "COHORT_INVITATION_ACCEPTED", now)
                                        : Mono.error(new DomainException.Conflict("Cette invitation a déjà reçu une réponse.")))
                                .as(transactional::transactional)
                                .onErrorResume(failure -> identities.leaveGroup(learner.id(), cohortId)
                                        .onErrorResume(e -> Mono.empty()).then(Mono.error(failure)))));
    }

    /**
     * An admin adds a learner (someone with the student role) to a cohort directly, without an invitation: the
     * checked path for the cases an invitation does not fit (a CFA enrolling its apprentices). Trainers invite.
     */
    public Mono<Void> addLearner(Caller actor, UUID cohortId, UUID learnerId) {
        Instant now = clock.instant();
        if (!actor.isAdmin()) {
            return Mono.error(new DomainException.Forbidden("Seul un administrateur ajoute un apprenant sans invitation."));
        }
        return managed(actor, cohortId)
                .flatMap(cohort -> identities.roles(learnerId).flatMap(roles -> roles.contains("student")
                        ? Mono.just(cohort)
                        : Mono.error(new DomainException.Conflict("Seul un apprenant peut rejoindre une cohorte."))))
                .flatMap(cohort -> identities.joinGroup(learnerId, cohortId)
                        .then(join(cohort, learnerId, actor.id(), "COHORT_MEMBER_ADDED", now)
                                .as(transactional::transactional)
                                .onErrorResume(failure -> identities.leaveGroup(learnerId, cohortId)
                                        .onErrorResume(e -> Mono.empty()).then(Mono.error(failure)))));
    }

    /** The membership, its audit entry and, once only, {@code CohortMemberAdded}: from here on the trainer sees the learner. */
    private Mono<Void> join(Cohort cohort, UUID learnerId, UUID actorId, String action, Instant now) {
        return cohorts.addMember(cohort.id(), learnerId, now)
                .flatMap(added -> added
                        ? audit.append(new AuditLog.Entry(now, actorId, action, learnerId,
                                "{\"cohortId\":\"" + cohort.id() + "\"}"))
                                .then(outbox.append(new CohortMemberAdded(cohort.id(), cohort.name(),
                                        cohort.trainerId(), learnerId, now)))
                        : Mono.empty())
                .then();
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
