package fr.mecaformation.booking.application;

import fr.mecaformation.booking.config.BookingProperties;
import fr.mecaformation.booking.domain.Availability;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.Slot;
import fr.mecaformation.booking.domain.SlotCalendar;
import fr.mecaformation.booking.domain.SlotRange;
import fr.mecaformation.booking.persistence.AvailabilityRepository;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.web.problem.DomainException;
import fr.mecaformation.web.security.Caller;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Trainers publish when they can be booked; learners list what is still free, in their own zone. */
@Service
public class Availabilities {

    private final AvailabilityRepository availabilities;
    private final BookingRepository bookings;
    private final BookingProperties properties;
    private final Clock clock;

    public Availabilities(AvailabilityRepository availabilities, BookingRepository bookings, BookingProperties properties,
                          Clock clock) {
        this.availabilities = availabilities;
        this.bookings = bookings;
        this.properties = properties;
        this.clock = clock;
    }

    /** A trainer's own availability (an admin may publish anyone's, e.g. a shared exam room's agenda). */
    public Mono<Availability> publish(Caller caller, UUID trainerId, Availability availability) {
        return Mono.defer(() -> {
            if (!caller.isAdmin() && !caller.id().equals(trainerId)) {
                return Mono.error(new DomainException.Forbidden("Vous ne publiez que vos propres disponibilités."));
            }
            return availabilities.save(availability.validated(), clock.instant());
        });
    }

    public Mono<Availability> of(UUID trainerId, BookingKind kind) {
        return availabilities.find(trainerId, kind)
                .switchIfEmpty(Mono.error(() -> new DomainException.NotFound("Ce formateur ne propose pas de " + kind.label() + ".")));
    }

    /** Free slots of the range (dates in the learner's zone), without the ones taken, their buffers, or full days. */
    public Mono<List<Slot>> bookableSlots(UUID trainerId, BookingKind kind, SlotRange range) {
        Instant now = clock.instant();
        return of(trainerId, kind).flatMap(availability -> {
            List<Slot> generated = SlotCalendar.generate(availability, range.trainerFrom(), range.trainerTo(), now).stream()
                    .filter(slot -> !slot.start().isBefore(range.startInstant()) && slot.start().isBefore(range.endInstant()))
                    .toList();
            // busy over the trainer's whole local days (whole ISO weeks with a weekly cap), so caps count bookings
            // outside the listed hours too
            Instant from = (availability.weeklyCap() == null ? range.trainerFrom()
                    : Availability.weekOf(range.trainerFrom())).atStartOfDay(availability.zone()).toInstant();
            Instant until = (availability.weeklyCap() == null ? range.trainerTo().plusDays(1)
                    : Availability.weekOf(range.trainerTo()).plusWeeks(1)).atStartOfDay(availability.zone()).toInstant();
            return bookings.busyOf(trainerId, from, until, now)
                    .map(booking -> busy(booking, availability))
                    .collectList()
                    .map(busy -> SlotCalendar.bookable(availability, generated, busy));
        });
    }

    static SlotCalendar.Busy busy(Booking booking, Availability availability) {
        return new SlotCalendar.Busy(booking.blockedFrom(), booking.blockedUntil(),
                booking.startsAt().atZone(availability.zone()).toLocalDate(), booking.kind() == availability.kind());
    }

    int maxListingDays() {
        return properties.maxListingDays();
    }
}
