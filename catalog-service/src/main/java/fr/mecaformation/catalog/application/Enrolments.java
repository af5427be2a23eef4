package fr.mecaformation.catalog.application;

import fr.mecaformation.catalog.domain.Course;
import fr.mecaformation.catalog.domain.CourseNotFound;
import fr.mecaformation.catalog.domain.CourseStatus;
import fr.mecaformation.catalog.domain.Enrolment;
import fr.mecaformation.catalog.domain.EnrolmentSource;
import fr.mecaformation.catalog.domain.RevocationReason;
import fr.mecaformation.catalog.persistence.CourseRepository;
import fr.mecaformation.catalog.persistence.EnrolmentRepository;
import fr.mecaformation.events.catalog.EnrolmentGranted;
import fr.mecaformation.events.catalog.EnrolmentRevoked;
import fr.mecaformation.platform.outbox.OutboxWriter;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Who may follow which course. Access comes at once for a free course, from an admin, or from a payment
 * (payment.purchase.v1); a full refund, an admin or the account's deletion takes it away. Every change is
 * announced on catalog.enrolment.v1 in the transaction that makes it.
 */
@Service
public class Enrolments {

    private final CourseRepository courses;
    private final EnrolmentRepository enrolments;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactional;
    private final Clock clock;

    public Enrolments(CourseRepository courses, EnrolmentRepository enrolments, OutboxWriter outbox,
                      TransactionalOperator transactional, Clock clock) {
        this.courses = courses;
        this.enrolments = enrolments;
        this.outbox = outbox;
        this.transactional = transactional;
        this.clock = clock;
    }

    /** A learner joins a free published course; joining again is harmless and answers the same enrolment. */
    public Mono<Enrolment> enrolInFreeCourse(Caller learner, UUID courseId) {
        return publishedCourse(courseId)
                .doOnNext(course -> {
                    if (!course.isFree()) {
                        throw new DomainException.Conflict("La formation « " + course.details().title()
                                + " » est payante : l'inscription se fait par l'achat.");
                    }
                })
                .flatMap(course -> grant(courseId, learner.id(), EnrolmentSource.FREE, null))
                .as(transactional::transactional);
    }

    public Mono<Enrolment> grantByAdmin(Caller admin, UUID courseId, UUID learnerId) {
        return Mono.defer(() -> {
            if (!admin.isAdmin()) {
                return Mono.error(new DomainException.Forbidden("Seuls les administrateurs attribuent un accès."));
            }
            return courses.findById(courseId)
                    .switchIfEmpty(Mono.error(() -> new CourseNotFound(courseId)))
                    .then(grant(courseId, learnerId, EnrolmentSource.ADMIN, admin.subject()));
        }).as(transactional::transactional);
    }

    public Mono<Void> revokeByAdmin(Caller admin, UUID courseId, UUID learnerId) {
        return Mono.defer(() -> {
            if (!admin.isAdmin()) {
                return Mono.error(new DomainException.Forbidden("Seuls les administrateurs retirent un accès."));
            }
            return revoke(courseId, learnerId, RevocationReason.ADMIN)
                    .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Cet apprenant n'est pas inscrit à cette formation.")))
                    .then();
        }).as(transactional::transactional);
    }

    /** Effects of payment events; the caller runs them in its inbox transaction, so each applies once. */
    public Mono<Void> grantForPayment(UUID paymentId, UUID learnerId, List<UUID> courseIds) {
        return Flux.fromIterable(courseIds)
                .concatMap(courseId -> courses.findById(courseId)
                        .flatMap(course -> grant(courseId, learnerId, EnrolmentSource.PAYMENT, paymentId.toString())))
                .then();
    }

    public Mono<Void> revokeForRefund(UUID learnerId, List<UUID> courseIds) {
        return Flux.fromIterable(courseIds).concatMap(courseId -> revoke(courseId, learnerId, RevocationReason.REFUND)).then();
    }

    /** The learner's account is erased: every access ends (the rows stay, keyed by an id that names no one now). */
    public Mono<Void> revokeAllOf(UUID learnerId) {
        return enrolments.activeOf(learnerId)
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(active -> revoke(active.courseId(), learnerId, RevocationReason.ACCOUNT_DELETED))
                .then();
    }

    public Mono<Boolean> hasAccess(UUID courseId, UUID learnerId) {
        return enrolments.hasAccess(courseId, learnerId);
    }

    /** A subscription's state as payment-service announced it; applied in the caller's inbox transaction. */
    public Mono<Void> subscriptionChanged(UUID learnerId, UUID subscriptionId, String status, java.time.Instant asOf) {
        return enrolments.saveSubscription(learnerId, subscriptionId, status, asOf);
    }

    /** The access check other services make: a learner asks about themselves, a service or admin about anyone. */
    public Mono<Boolean> hasAccess(Caller asker, UUID courseId, UUID learnerId) {
        if (!asker.id().equals(learnerId) && !asker.isAdmin() && !asker.roles().contains("service")) {
            return Mono.error(new DomainException.Forbidden("Vous ne pouvez consulter que vos propres accès."));
        }
        return hasAccess(courseId, learnerId);
    }

    public Flux<Enrolment> activeOf(Caller learner) {
        return enrolments.activeOf(learner.id());
    }

    private Mono<Course> publishedCourse(UUID courseId) {
        return courses.findById(courseId)
                .filter(course -> course.status() == CourseStatus.PUBLISHED)
                .switchIfEmpty(Mono.error(() -> new CourseNotFound(courseId)));
    }

    private Mono<Enrolment> grant(UUID courseId, UUID learnerId, EnrolmentSource source, String sourceRef) {
        return enrolments.findForUpdate(courseId, learnerId)
                .filter(Enrolment::isActive)
                .switchIfEmpty(Mono.defer(() -> {
                    Enrolment granted = Enrolment.granted(courseId, learnerId, source, sourceRef, clock.instant());
                    return enrolments.save(granted)
                            .then(outbox.append(new EnrolmentGranted(courseId, learnerId, source.name(), sourceRef,
                                    granted.grantedAt())))
                            .thenReturn(granted);
                }));
    }

    private Mono<Enrolment> revoke(UUID courseId, UUID learnerId, RevocationReason reason) {
        return enrolments.findForUpdate(courseId, learnerId)
                .filter(Enrolment::isActive)
                .map(active -> active.revoke(reason, clock.instant()))
                .flatMap(revoked -> enrolments.save(revoked)
                        .then(outbox.append(new EnrolmentRevoked(courseId, learnerId, reason.name(), revoked.revokedAt())))
                        .thenReturn(revoked));
    }
}
