package fr.mecaformation.booking.application;

import fr.mecaformation.booking.config.BookingProperties;
import fr.mecaformation.booking.domain.Actor;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.Session;
import fr.mecaformation.booking.domain.SessionNotFound;
import fr.mecaformation.booking.domain.SharedResource;
import fr.mecaformation.booking.domain.WaitlistEntry;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.Constraints;
import fr.mecaformation.booking.persistence.SessionRepository;
import fr.mecaformation.booking.persistence.SharedResourceRepository;
import fr.mecaformation.booking.persistence.WaitlistRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.problem.FieldError;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Webinars and mock exams: seats counted in the session row by conditional updates (the last seat goes to exactly
 * one request, and a trainer can't be overbooked as in mod_scheduler #85), a waitlist served in order, each freed
 * seat offered to the next learner for a limited time (Cal.com never shipped one: #4870).
 */
@Service
public class Seats {

    private final SessionRepository sessions;
    private final SharedResourceRepository resources;
    private final BookingRepository bookings;
    private final WaitlistRepository waitlist;
    private final BookingAnnouncements announcements;
    private final TransactionalOperator transactional;
    private final BookingProperties properties;
    private final Clock clock;

    public Seats(SessionRepository sessions, SharedResourceRepository resources, BookingRepository bookings,
                 WaitlistRepository waitlist, BookingAnnouncements announcements, TransactionalOperator transactional,
                 BookingProperties properties, Clock clock) {
        this.sessions = sessions;
        this.resources = resources;
        this.bookings = bookings;
        this.waitlist = waitlist;
        this.announcements = announcements;
        this.transactional = transactional;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A new session holds its trainer's time: no one-to-one booking nor other session of theirs may overlap it. A mock
     * exam in a shared room must fit the room's opening hours, and the room's exclusion constraint keeps two sessions
     * out of it at once (the 409 names the session already there).
     */
    public Mono<Session> schedule(Caller trainer, BookingKind kind, String title, ZoneId zone, Instant startsAt,
                                  Instant endsAt, int capacity, UUID resourceId) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Session session = Session.scheduled(UUID.randomUUID(), trainer.id(), kind, title, zone, startsAt, endsAt,
                    capacity, resourceId, now);
            Mono<SharedResource> room = resourceId == null ? Mono.empty() : resources.findById(resourceId)
                    .switchIfEmpty(Mono.error(() -> new DomainException.Invalid("Cette salle n'existe pas.",
                            java.util.List.of(new FieldError("resourceId", "salle inconnue")))))
                    .flatMap(resource -> resource.openDuring(startsAt, endsAt) ? Mono.just(resource)
                            : Mono.error(new DomainException.Invalid("La salle « " + resource.name()
                            + " » n'est pas ouverte à ces heures (horaires de " + resource.zone().getId() + ").",
                            java.util.List.of(new FieldError("startsAt", "en dehors des horaires d'ouverture de la salle")))));
            return room.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(known -> sessions.insert(session, now)
                            .flatMap(saved -> bookings.hosting(UUID.randomUUID(), saved, now).thenReturn(saved))
                            .as(transactional::transactional)
                            .onErrorResume(error -> known.isPresent()
                                    && Constraints.violated(error).filter("session_resource_overlap"::equals).isPresent()
                                    ? roomTaken(known.get(), startsAt, endsAt) : Mono.error(error)))
                    .onErrorMap(Conflicts.naming(startsAt, startsAt, endsAt, zone));
        });
    }

    /** Refused for the room: the answer names it and what occupies it then, read after the refused transaction. */
    private Mono<Session> roomTaken(SharedResource room, Instant startsAt, Instant endsAt) {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern(
                "EEEE d MMMM yyyy 'de' HH'h'mm", java.util.Locale.FRANCE);
        java.time.format.DateTimeFormatter time = java.time.format.DateTimeFormatter.ofPattern("HH'h'mm", java.util.Locale.FRANCE);
        return resources.occupying(room.id(), startsAt, endsAt).collectList()
                .flatMap(occupations -> Mono.error(new DomainException.Conflict("La salle « " + room.name()
                        + " » est déjà occupée à ce moment-là" + (occupations.isEmpty() ? "." : " : "
                        + String.join(" ; ", occupations.stream().map(o -> "« " + o.title() + " » le "
                        + day.format(o.startsAt().atZone(room.zone())) + " à " + time.format(o.endsAt().atZone(room.zone())))
                        .toList()) + ".") + " Deux sessions ne peuvent pas être dans la même salle en même temps.")));
    }

    public Mono<Session> get(UUID id) {
        return sessions.findById(id).switchIfEmpty(Mono.error(() -> new SessionNotFound(id)));
    }

    public Flux<Session> upcoming(Instant from, Instant until) {
        return sessions.upcoming(from, until);
    }

    /** One seat for the learner: 409 when none is left (join the waitlist), or when they already have one. */
    public Mono<Booking> takeSeat(Caller learner, UUID sessionId) {
        Instant now = clock.instant();
        return get(sessionId).flatMap(session -> {
            if (session.trainerId().equals(learner.id())) {
                return Mono.error(new DomainException.Conflict("Le formateur d'une session n'y prend pas de place."));
            }
            return sessions.takeSeat(sessionId, now)
                    .switchIfEmpty(Mono.error(() -> full(session, now)))
                    .flatMap(taken -> bookings.insert(Booking.seat(UUID.randomUUID(), taken, learner.id(), now)))
                    .flatMap(booking -> announcements.confirmed(booking, now).thenReturn(booking))
                    .as(transactional::transactional)
                    .onErrorMap(Conflicts.naming(session.startsAt(), session.startsAt(), session.endsAt(), session.zone()));
        });
    }

    private static DomainException full(Session session, Instant now) {
        if (!"SCHEDULED".equals(session.status())) {
            return new DomainException.Conflict("Cette session a été annulée.");
        }
        if (!session.startsAt().isAfter(now)) {
            return new DomainException.Conflict("Cette session a déjà commencé.");
        }
        return new DomainException.Conflict("Cette session est complète (" + session.capacity()
                + " places) : inscrivez-vous sur la liste d'attente.");
    }

    /** Only a full session has a waitlist: with a seat free the learner takes it instead. */
    public Mono<WaitlistEntry> joinWaitlist(Caller learner, UUID sessionId) {
        Instant now = clock.instant();
        return get(sessionId).flatMap(session -> {
            if (!"SCHEDULED".equals(session.status()) || !session.startsAt().isAfter(now)) {
                return Mono.error(full(session, now));
            }
            if (session.seatsTaken() < session.capacity()) {
                return Mono.error(new DomainException.Conflict("Il reste des places : réservez directement la vôtre."));
            }
            return waitlist.insert(UUID.randomUUID(), sessionId, learner.id(), now)
                    .onErrorMap(Conflicts.naming(session.startsAt(), session.startsAt(), session.endsAt(), session.zone()));
        });
    }

    public Mono<WaitlistEntry> entry(Caller learner, UUID entryId) {
        return waitlist.findById(entryId).filter(entry -> learner.id().equals(entry.learnerId()) || learner.isAdmin())
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune inscription en liste d'attente " + entryId + ".")));
    }

    public Flux<WaitlistEntry> waitlistOf(Caller learner) {
        return waitlist.ofLearner(learner.id());
    }

    /** The learner takes the seat offered to them, before the offer ends: the seat was kept for them meanwhile. */
    public Mono<Booking> acceptOffer(Caller learner, UUID entryId) {
        Instant now = clock.instant();
        return waitlist.findForUpdate(entryId)
                .filter(entry -> learner.id().equals(entry.learnerId()))
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Aucune inscription en liste d'attente " + entryId + ".")))
                .flatMap(entry -> {
                    if (!"OFFERED".equals(entry.status())) {
                        return Mono.error(new DomainException.Conflict("Aucune place ne vous est proposée pour l'instant ("
                                + entry.status() + ")."));
                    }
                    if (!entry.offerExpiresAt().isAfter(now)) {
                        return Mono.error(new DomainException.Conflict("La place proposée n'est plus réservée pour vous : le délai est passé."));
                    }
                    return sessions.findById(entry.sessionId())
                            .flatMap(session -> bookings.insert(Booking.seat(UUID.randomUUID(), session, learner.id(), now))
                                    .onErrorMap(Conflicts.naming(session.startsAt(), session.startsAt(), session.endsAt(),
                                            session.zone())))
                            .flatMap(booking -> waitlist.accepted(entryId, booking.id())
                                    .then(announcements.confirmed(booking, now)).thenReturn(booking));
                })
                .as(transactional::transactional);
    }

    /**
     * A seat came free (a cancellation, an offer that ended): offered to the first learner waiting, whose offer keeps
     * the seat counted; with nobody waiting the seat goes back to the count. Runs in the caller's transaction.
     */
    Mono<Void> seatFreed(UUID sessionId, Instant now) {
        return waitlist.offerNext(sessionId, now, now.plus(properties.waitlistOfferDuration()))
                .map(offered -> true)
                .switchIfEmpty(sessions.releaseSeat(sessionId).thenReturn(false))
                .then();
    }

    /** The trainer cancels the session: every attendee's seat is cancelled and each attendee told (one event each). */
    public Mono<Session> cancelSession(Caller trainer, UUID sessionId, String reason) {
        Instant now = clock.instant();
        return sessions.findForUpdate(sessionId)
                .filter(session -> session.ownedBy(trainer.id(), trainer.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new SessionNotFound(sessionId)))
                .flatMap(session -> {
                    if (!"SCHEDULED".equals(session.status())) {
                        return Mono.error(new DomainException.Conflict("Cette session est déjà annulée."));
                    }
                    if (!now.isBefore(session.startsAt())) {
                        return Mono.error(new DomainException.Conflict("Cette session a déjà commencé."));
                    }
                    Actor actor = trainer.id().equals(session.trainerId()) ? Actor.TRAINER : Actor.ADMIN;
                    return bookings.activeOfSession(sessionId)
                            .concatMap(booking -> bookings.cancel(booking, actor, now)
                                    .flatMap(cancelled -> announcements.cancelled(cancelled, actor, reason, false, now)))
                            .then(waitlist.cancelAllOf(sessionId))
                            .then(bookings.cancelHosting(sessionId, now))
                            .then(sessions.cancel(sessionId))
                            .then(sessions.findById(sessionId));
                })
                .as(transactional::transactional);
    }

    /** Who attends: the session's trainer and admins only; any other caller is told the session does not exist. */
    public Flux<Booking> attendees(Caller caller, UUID sessionId) {
        return sessions.findById(sessionId)
                .filter(session -> session.ownedBy(caller.id(), caller.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new SessionNotFound(sessionId)))
                .flatMapMany(session -> bookings.activeOfSession(sessionId));
    }

    /** Offers that ended unanswered go to the next learner waiting (or the seat goes back). One pass of the poller. */
    public Mono<Long> expireOffers(int limit) {
        Instant now = clock.instant();
        return waitlist.expireDueOffers(now, limit)
                .concatMap(entry -> seatFreed(entry.sessionId(), now).thenReturn(entry))
                .count()
                .as(transactional::transactional);
    }
}
