package fr.mecaformation.booking.application;

import fr.mecaformation.booking.config.BookingProperties;
import fr.mecaformation.booking.domain.Actor;
import fr.mecaformation.booking.domain.Availability;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.BookingNotFound;
import fr.mecaformation.booking.domain.BookingStatus;
import fr.mecaformation.booking.domain.Slot;
import fr.mecaformation.booking.domain.SlotCalendar;
import fr.mecaformation.booking.persistence.AvailabilityRepository;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.CoachingPaymentRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * One-to-one bookings. The slot is checked against the trainer's published rules (a start the rules don't offer is a
 * 400), then the insert itself decides conflicts: the exclusion constraints see every concurrent booking, which no
 * read beforehand can (Cal.com checked availability far from the insert, without a lock: #13397, #5820, #22401).
 */
@Service
public class Bookings {

    private final AvailabilityRepository availabilities;
    private final BookingRepository bookings;
    private final CoachingPaymentRepository payments;
    private final Seats seats;
    private final BookingAnnouncements announcements;
    private final TransactionalOperator transactional;
    private final BookingProperties properties;
    private final Clock clock;

    public Bookings(AvailabilityRepository availabilities, BookingRepository bookings, CoachingPaymentRepository payments,
                    Seats seats, BookingAnnouncements announcements, TransactionalOperator transactional,
                    BookingProperties properties, Clock clock) {
        this.availabilities = availabilities;
        this.bookings = bookings;
        this.payments = payments;
        this.seats = seats;
        this.announcements = announcements;
        this.transactional = transactional;
        this.properties = properties;
        this.clock = clock;
    }

    /** Advice is confirmed at once; coaching is HELD until payment-service announces the payment (or the hold lapses). */
    public Mono<Booking> book(Caller learner, UUID trainerId, BookingKind kind, Instant start, String note) {
        return Mono.defer(() -> {
            if (!kind.oneToOne()) {
                return Mono.error(new DomainException.Invalid("Les sessions de groupe se réservent par leur place.",
                        java.util.List.of(new fr.mecaformation.web.problem.FieldError("kind", "ADVICE ou COACHING"))));
            }
            if (learner.id().equals(trainerId)) {
                return Mono.error(new DomainException.Conflict("Un formateur ne se réserve pas lui-même."));
            }
            Instant now = clock.instant();
            return availability(trainerId, kind).flatMap(availability -> {
                Slot slot = SlotCalendar.slotAt(availability, start, now);
                Booking booking = Booking.oneToOne(UUID.randomUUID(), kind, trainerId, learner.id(), slot, availability.zone(),
                        note, now, properties.holdDuration());
                return capOf(availability, slot, now, null)
                        .then(bookings.expireLapsedHolds(trainerId, slot.blockedFrom(), slot.blockedUntil(), now).then())
                        .then(bookings.completePastOf(learner.id(), now))
                        .then(bookings.insert(booking))
                        .flatMap(saved -> saved.status() == BookingStatus.CONFIRMED
                                ? announcements.confirmed(saved, now).thenReturn(saved) : Mono.just(saved))
                        .as(transactional::transactional)
                        .onErrorMap(Conflicts.naming(slot.start(), slot.blockedFrom(), slot.blockedUntil(), availability.zone()));
            });
        });
    }

    /**
     * The daily and weekly caps: counted inside the booking's transaction, under a lock on the trainer's availability
     * row, so two bookings of the last place of a day or week can't both pass (a count made at listing only would let
     * them). The week is the ISO week of the slot's local date in the availability's zone, Monday 00:00 to Monday
     * 00:00 local: 167 or 169 hours in a DST week, never 168 from a fixed offset. {@code moving} (a booking being
     * rescheduled) is not counted against itself.
     */
    private Mono<Void> capOf(Availability availability, Slot slot, Instant now, UUID moving) {
        if (availability.dailyCap() == null && availability.weeklyCap() == null) {
            return Mono.empty();
        }
        java.time.ZoneId zone = availability.zone();
        Instant dayStart = slot.localDate().atStartOfDay(zone).toInstant();
        Instant dayEnd = slot.localDate().plusDays(1).atStartOfDay(zone).toInstant();
        java.time.LocalDate monday = Availability.weekOf(slot.localDate());
        Instant weekStart = monday.atStartOfDay(zone).toInstant();
        Instant weekEnd = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
        return availabilities.lock(availability.trainerId(), availability.kind())
                .then(bookings.busyOf(availability.trainerId(), weekStart, weekEnd, now)
                        .filter(b -> b.kind() == availability.kind() && !b.id().equals(moving)
                                && !b.startsAt().isBefore(weekStart) && b.startsAt().isBefore(weekEnd))
                        .collectList())
                .flatMap(week -> {
                    long sameDay = week.stream()
                            .filter(b -> !b.startsAt().isBefore(dayStart) && b.startsAt().isBefore(dayEnd)).count();
                    if (availability.dailyCap() != null && sameDay >= availability.dailyCap()) {
                        return Mono.error(new DomainException.Conflict(
                                "Ce formateur a atteint son nombre de rendez-vous pour cette journée."));
                    }
                    if (availability.weeklyCap() != null && week.size() >= availability.weeklyCap()) {
                        return Mono.error(new DomainException.Conflict("Ce formateur a atteint son nombre de rendez-vous"
                                + " pour la semaine du " + WEEK.format(monday) + " (" + availability.weeklyCap()
                                + " au plus, du lundi au dimanche, heure de " + zone.getId() + ")."));
                    }
                    return Mono.empty();
                });
    }

    private static final java.time.format.DateTimeFormatter WEEK =
            java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.FRANCE);

    public Mono<Booking> get(Caller caller, UUID id) {
        return bookings.findById(id)
                .filter(booking -> booking.visibleTo(caller.id(), caller.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)));
    }

    public Flux<Booking> mine(Caller learner) {
        return bookings.ofLearner(learner.id());
    }

    public Flux<Booking> ofTrainer(Caller trainer) {
        return bookings.ofTrainer(trainer.id());
    }

    /**
     * Cancels within the policy. A seat freed goes to the waitlist; a paid coaching hour cancelled in time is owed back
     * (refundDue in the event, and a refund to make in coaching_payment: payment-service has no refund request to send).
     */
    public Mono<Booking> cancel(Caller caller, UUID id, String reason) {
        Instant now = clock.instant();
        return bookings.findForUpdate(id)
                .filter(booking -> booking.visibleTo(caller.id(), caller.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)))
                .flatMap(booking -> {
                    Actor actor = booking.actorFor(caller.id(), caller.isAdmin());
                    booking.checkCancellable(actor, now, properties.learnerChangeWindow());
                    return cancelNow(booking, actor, reason, now);
                })
                .as(transactional::transactional);
    }

    /** Cancels without policy checks (the caller decided): events, refunds owed and seats given back. */
    Mono<Booking> cancelNow(Booking booking, Actor actor, String reason, Instant now) {
        boolean refundDue = booking.paymentId() != null && booking.status() == BookingStatus.CONFIRMED;
        return bookings.cancel(booking, actor, now)
                .flatMap(cancelled -> announcements.cancelled(cancelled, actor, reason, refundDue, now)
                        .then(refundDue ? payments.requireRefund(booking.paymentId(),
                                "réservation annulée dans les délais (" + actor + ")").then() : Mono.empty())
                        .then(cancelled.sessionId() != null ? seats.seatFreed(cancelled.sessionId(), now) : Mono.empty())
                        .thenReturn(cancelled));
    }

    /** Moves a confirmed one-to-one booking to another offered slot; the constraints check the new time. */
    public Mono<Booking> reschedule(Caller caller, UUID id, Instant newStart) {
        Instant now = clock.instant();
        return bookings.findForUpdate(id)
                .filter(booking -> booking.visibleTo(caller.id(), caller.isAdmin()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)))
                .flatMap(booking -> {
                    Actor actor = booking.actorFor(caller.id(), caller.isAdmin());
                    booking.checkReschedulable(actor, now, properties.learnerChangeWindow(), newStart);
                    return availability(booking.trainerId(), booking.kind()).flatMap(availability -> {
                        Slot slot = SlotCalendar.slotAt(availability, newStart, now);
                        return capOf(availability, slot, now, id)
                                .thenMany(bookings.expireLapsedHolds(booking.trainerId(), slot.blockedFrom(), slot.blockedUntil(), now))
                                .then(bookings.reschedule(id, slot))
                                .flatMap(moved -> announcements.rescheduled(booking, moved, actor, now).thenReturn(moved))
                                .onErrorMap(Conflicts.naming(slot.start(), slot.blockedFrom(), slot.blockedUntil(),
                                        availability.zone()));
                    });
                })
                .as(transactional::transactional);
    }

    /** Émargement: the trainer of the booking (or an admin) marks the learner present or absent, once it started. */
    public Mono<Booking> recordAttendance(Caller caller, UUID id, boolean present) {
        Instant now = clock.instant();
        return bookings.findForUpdate(id)
                .filter(booking -> caller.isAdmin() || caller.id().equals(booking.trainerId()))
                .switchIfEmpty(Mono.error(() -> new BookingNotFound(id)))
                .flatMap(booking -> {
                    if (booking.status() != BookingStatus.CONFIRMED && booking.status() != BookingStatus.COMPLETED) {
                        return Mono.error(new DomainException.Conflict("Seule une réservation confirmée se pointe."));
                    }
                    if (now.isBefore(booking.startsAt())) {
                        return Mono.error(new DomainException.Conflict("La présence se note une fois le rendez-vous commencé."));
                    }
                    String by = caller.id().equals(booking.trainerId()) ? "TRAINER" : "ADMIN";
                    return bookings.recordAttendance(id, present, by, now)
                            .flatMap(marked -> announcements.attendance(marked, present, now).thenReturn(marked));
                })
                .as(transactional::transactional);
    }

    private Mono<Availability> availability(UUID trainerId, BookingKind kind) {
        return availabilities.find(trainerId, kind)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Ce formateur ne propose pas de " + kind.label() + ".")));
    }
}
