package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.persistence.BookingRepository;
import fr.mecaformation.booking.persistence.CoachingPaymentRepository;
import fr.mecaformation.booking.persistence.CoachingPaymentRepository.CoachingPayment;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A paid coaching hour (payment-service's CoachingHourPurchased, which names the learner, not a booking) confirms the
 * learner's hold — there is at most one, a unique index says so. Paid after the hold lapsed: the same slot is booked
 * again if still free; otherwise the payment is recorded as to be refunded (Cal.com left abandoned paid bookings
 * blocking the slot, #2170; here the slot is never blocked by an unpaid hold past its time, and no payment is lost).
 * Runs inside the inbox's transaction: nothing here may fail on a taken slot, so the re-booking inserts with
 * ON CONFLICT DO NOTHING rather than letting a constraint abort the transaction.
 */
@Service
public class CoachingPayments {

    private final BookingRepository bookings;
    private final CoachingPaymentRepository payments;
    private final BookingAnnouncements announcements;
    private final Clock clock;

    public CoachingPayments(BookingRepository bookings, CoachingPaymentRepository payments,
                            BookingAnnouncements announcements, Clock clock) {
        this.bookings = bookings;
        this.payments = payments;
        this.announcements = announcements;
        this.clock = clock;
    }

    public Mono<Void> paid(CoachingHourPurchased paid) {
        Instant now = clock.instant();
        return payments.exists(paid.paymentId()).flatMap(known -> known ? Mono.<Void>empty()
                : bookings.confirmHoldOf(paid.learnerId(), paid.paymentId(), now)
                        // thenReturn: an empty Mono<Void> here would also run the fallback below
                        .flatMap(confirmed -> record(paid, confirmed.id(), "CONFIRMED", null, now)
                                .then(announcements.confirmed(confirmed, now)).thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> late(paid, now).thenReturn(true)))
                        .then());
    }

    private Mono<Void> late(CoachingHourPurchased paid, Instant now) {
        return bookings.latestLapsedHoldOf(paid.learnerId())
                .flatMap(lapsed -> {
                    Booking again = lapsed.rebookedFor(UUID.randomUUID(), paid.paymentId(), now);
                    if (!again.startsAt().isAfter(now)) {
                        return record(paid, null, "REFUND_REQUIRED", "paiement arrivé après l'heure du créneau", now)
                                .thenReturn(true);
                    }
                    return bookings.expireLapsedHolds(again.trainerId(), again.blockedFrom(), again.blockedUntil(), now)
                            .then(bookings.insertUnlessTaken(again))
                            .flatMap(booked -> record(paid, booked.id(), "REBOOKED", "créneau libre, réservé à nouveau", now)
                                    .then(announcements.confirmed(booked, now)).thenReturn(true))
                            .switchIfEmpty(Mono.defer(() -> record(paid, null, "REFUND_REQUIRED",
                                    "le créneau a été réservé par quelqu'un d'autre après l'expiration", now).thenReturn(true)));
                })
                .switchIfEmpty(Mono.defer(() -> record(paid, null, "REFUND_REQUIRED",
                        "aucun créneau de coaching en attente de ce paiement", now).thenReturn(true)))
                .then();
    }

    private Mono<Void> record(CoachingHourPurchased paid, UUID bookingId, String outcome, String reason, Instant now) {
        return payments.insert(new CoachingPayment(paid.paymentId(), paid.learnerId(), bookingId, paid.amountCents(),
                outcome, reason, now));
    }

    public Flux<CoachingPayment> refundsRequired() {
        return payments.refundsRequired();
    }
}
