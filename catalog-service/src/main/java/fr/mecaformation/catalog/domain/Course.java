package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.web.problem.DomainException;

import java.time.Instant;
import java.util.UUID;

/**
 * A course in the catalog. Trainers own theirs; admins may act on any. A course is written as a draft, submitted
 * for review by its trainer, and published by an admin (or sent back with a comment); until then only its
 * trainer and admins see it. A published course is edited as a {@link PendingRevision} that goes through the same
 * review, so learners keep the published version until the next one is approved. Every change bumps the revision
 * that events carry, so consumers can ignore stale copies.
 */
public record Course(UUID id, String ownerId, CourseDetails details, CourseStatus status, long revision,
                     Instant createdAt, Instant updatedAt, Instant publishedAt, String reviewComment,
                     PendingRevision pending) {

    public static Course draft(UUID id, Caller author, CourseDetails details, Instant now) {
        if (!author.isTrainer() && !author.isAdmin()) {
            throw new DomainException.Forbidden("Seuls les formateurs et les administrateurs créent des formations.");
        }
        return new Course(id, author.subject(), details, CourseStatus.DRAFT, 1, now, now, null, null, null);
    }

    /** New details: in place for a course not yet published, as the pending revision of a published one. */
    public Course revise(Caller actor, CourseDetails newDetails, Instant now) {
        ensureManagedBy(actor);
        if (status == CourseStatus.PUBLISHED) {
            return new Course(id, ownerId, details, status, revision + 1, createdAt, now, publishedAt, reviewComment,
                    new PendingRevision(newDetails, false));
        }
        return new Course(id, ownerId, newDetails, status, revision + 1, createdAt, now, publishedAt, reviewComment, null);
    }

    public Course submitForReview(Caller actor, Instant now) {
        ensureManagedBy(actor);
        if (status == CourseStatus.PUBLISHED) {
            if (pending == null || pending.inReview()) {
                throw new DomainException.Conflict("La formation « " + details.title() + " » n'a pas de modification à faire relire.");
            }
            return new Course(id, ownerId, details, status, revision + 1, createdAt, now, publishedAt, null,
                    new PendingRevision(pending.details(), true));
        }
        if (status != CourseStatus.DRAFT) {
            throw new DomainException.Conflict("La formation « " + details.title() + " » est déjà en relecture.");
        }
        return new Course(id, ownerId, details, CourseStatus.IN_REVIEW, revision + 1, createdAt, now, publishedAt, null, null);
    }

    /** An admin's approval: the course opens to everyone, or its reviewed revision replaces the published one. */
    public Course publish(Caller actor, Instant now) {
        ensureReviewer(actor);
        if (status == CourseStatus.PUBLISHED) {
            if (pending == null || !pending.inReview()) {
                throw new DomainException.Conflict("La formation « " + details.title() + " » est déjà publiée.");
            }
            return new Course(id, ownerId, pending.details(), status, revision + 1, createdAt, now, publishedAt, null, null);
        }
        return new Course(id, ownerId, details, CourseStatus.PUBLISHED, revision + 1, createdAt, now, now, null, null);
    }

    /** An admin sends the course (or its revision) back to its trainer, saying what to change. */
    public Course reject(Caller actor, String comment, Instant now) {
        ensureReviewer(actor);
        if (status == CourseStatus.PUBLISHED && pending != null && pending.inReview()) {
            return new Course(id, ownerId, details, status, revision + 1, createdAt, now, publishedAt, comment,
                    new PendingRevision(pending.details(), false));
        }
        if (status != CourseStatus.IN_REVIEW) {
            throw new DomainException.Conflict("La formation « " + details.title() + " » n'attend pas de relecture.");
        }
        return new Course(id, ownerId, details, CourseStatus.DRAFT, revision + 1, createdAt, now, publishedAt, comment, null);
    }

    private static void ensureReviewer(Caller actor) {
        if (!actor.isAdmin()) {
            throw new DomainException.Forbidden("Une formation est publiée par un administrateur, après relecture.");
        }
    }

    /** Drafts are hidden from everyone but their owner and admins, as if they did not exist. */
    public boolean isVisibleTo(Caller actorOrNull) {
        return status == CourseStatus.PUBLISHED
                || actorOrNull != null && (actorOrNull.isAdmin() || actorOrNull.subject().equals(ownerId));
    }

    /** The owning trainer or an admin: who may change the course, its lessons and videos, and play drafts. */
    public boolean isManagedBy(Caller actor) {
        return actor != null && (actor.isAdmin() || actor.isTrainer() && actor.subject().equals(ownerId));
    }

    public boolean isFree() {
        return details.price().cents() == 0;
    }

    public void ensureManagedBy(Caller actor) {
        if (!isManagedBy(actor)) {
            throw new DomainException.Forbidden("Seul le formateur propriétaire ou un administrateur peut modifier cette formation.");
        }
    }
}
