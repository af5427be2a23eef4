package fr.mecaformation.catalog.domain;

import fr.mecaformation.web.security.Caller;
import fr.mecaformation.web.problem.DomainException;

import java.time.Instant;
import java.util.UUID;

/**
 * A course in the catalog. Trainers own theirs; admins may act on any. A draft is visible to its owner and admins
 * only; publishing opens it to everyone. Every change bumps the revision that events carry, so consumers can
 * ignore stale copies.
 */
public record Course(UUID id, String ownerId, CourseDetails details, CourseStatus status, long revision,
                     Instant createdAt, Instant updatedAt, Instant publishedAt) {

    public static Course draft(UUID id, Caller author, CourseDetails details, Instant now) {
        if (!author.isTrainer() && !author.isAdmin()) {
            throw new DomainException.Forbidden("Seuls les formateurs et les administrateurs créent des formations.");
        }
        return new Course(id, author.subject(), details, CourseStatus.DRAFT, 1, now, now, null);
    }

    public Course revise(Caller actor, CourseDetails newDetails, Instant now) {
        ensureManagedBy(actor);
        return new Course(id, ownerId, newDetails, status, revision + 1, createdAt, now, publishedAt);
    }

    public Course publish(Caller actor, Instant now) {
        ensureManagedBy(actor);
        if (status == CourseStatus.PUBLISHED) {
            throw new DomainException.Conflict("La formation « " + details.title() + " » est déjà publiée.");
        }
        return new Course(id, ownerId, details, CourseStatus.PUBLISHED, revision + 1, createdAt, now, now);
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
