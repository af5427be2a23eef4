package fr.mecaformation.booking.domain;

import fr.mecaformation.web.problem.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One booking: a one-to-one meeting (advice, coaching) or a seat of a session. {@code blockedFrom}/{@code blockedUntil}
 * is the meeting widened by the trainer's buffers (what the database's exclusion constraint compares). {@code sequence}
 * is the iCalendar SEQUENCE: +1 on every reschedule.
 */
public record Booking(UUID id, BookingKind kind, UUID trainerId, UUID learnerId, UUID sessionId, Instant startsAt,
                      Instant endsAt, java.time.ZoneId zone, Instant blockedFrom, Instant blockedUntil, BookingStatus status, Instant holdExpiresAt,
                      UUID paymentId, int sequence, String note, Instant createdAt, Instant cancelledAt, Actor cancelledBy,
                      Boolean attended) {

    public static Booking oneToOne(UUID id, BookingKind kind, UUID trainerId, UUID learnerId, Slot slot,
                                   java.time.ZoneId zone, String note, Instant now, Duration holdDuration) {
        boolean paid = kind == BookingKind.COACHING;
        return new Booking(id, kind, trainerId, learnerId, null, slot.start(), slot.end(), zone, slot.blockedFrom(),
                slot.blockedUntil(), paid ? BookingStatus.HELD : BookingStatus.CONFIRMED,
                paid ? now.plus(holdDuration) : null, null, 0, note, now, null, null, null);
    }

    public static Booking seat(UUID id, Session session, UUID learnerId, Instant now) {
        return new Booking(id, session.kind(), session.trainerId(), learnerId, session.id(), session.startsAt(),
                session.endsAt(), session.zone(), session.startsAt(), session.endsAt(), BookingStatus.CONFIRMED, null, null, 0, null, now,
                null, null, null);
    }

    /** The same booking confirmed by a payment, under a new id (a lapsed hold re-booked after a late payment). */
    public Booking rebookedFor(UUID newId, UUID payment, Instant now) {
        return new Booking(newId, kind, trainerId, learnerId, null, startsAt, endsAt, zone, blockedFrom, blockedUntil,
                BookingStatus.CONFIRMED, null, payment, 0, note, now, null, null, null);
    }

    /** Who may see it: its learner, its trainer, an admin. Anyone else is told it does not exist. */
    public boolean visibleTo(UUID caller, boolean admin) {
        return admin || caller.equals(learnerId) || caller.equals(trainerId);
    }

    /** The caller's part in this booking, for the policies. */
    public Actor actorFor(UUID caller, boolean admin) {
        if (caller.equals(learnerId)) {
            return Actor.LEARNER;
        }
        if (caller.equals(trainerId)) {
            return Actor.TRAINER;
        }
        if (admin) {
            return Actor.ADMIN;
        }
        throw new BookingNotFound(id);
    }

    /**
     * Cancelling: never once it started; a learner not inside {@code window} before the start (the trainer keeps the
     * slot they reserved for them), the trainer and admins any time before it (every attendee is told).
     */
    public void checkCancellable(Actor actor, Instant now, Duration window) {
        if (!status.active()) {
            throw new DomainException.Conflict("Cette réservation n'est plus active (" + status + ").");
        }
        if (!now.isBefore(startsAt)) {
            throw new DomainException.Conflict("Ce rendez-vous a déjà commencé : il ne peut plus être annulé.");
        }
        if (actor == Actor.LEARNER && status == BookingStatus.CONFIRMED && now.plus(window).isAfter(startsAt)) {
            throw new DomainException.Conflict("Annulation impossible à moins de " + hours(window)
                    + " h du rendez-vous : contactez votre formateur.");
        }
    }

    /** Moving: one-to-one only, never after the start; a learner neither inside the window nor to a slot inside it. */
    public void checkReschedulable(Actor actor, Instant now, Duration window, Instant newStart) {
        if (!kind.oneToOne()) {
            throw new DomainException.Conflict("Une place de session ne se déplace pas : annulez-la et choisissez une autre session.");
        }
        if (status != BookingStatus.CONFIRMED) {
            throw new DomainException.Conflict("Seule une réservation confirmée peut être déplacée.");
        }
        if (!now.isBefore(startsAt)) {
            throw new DomainException.Conflict("Ce rendez-vous a déjà commencé : il ne peut plus être déplacé.");
        }
        if (actor == Actor.LEARNER && (now.plus(window).isAfter(startsAt) || now.plus(window).isAfter(newStart))) {
            throw new DomainException.Conflict("Déplacement impossible à moins de " + hours(window)
                    + " h du rendez-vous : contactez votre formateur.");
        }
    }

    private static long hours(Duration window) {
        return window.toHours();
    }
}
