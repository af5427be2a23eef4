package fr.mecaformation.booking.api;

import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.booking.domain.BookingKind;
import fr.mecaformation.booking.domain.BookingStatus;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A booking as its learner, its trainer or an admin sees it. Instants in UTC, and the local start in the booking's
 * zone. A HELD coaching booking says until when it is held and where it is paid (payment-service's checkout).
 */
public record BookingResponse(UUID id, BookingKind kind, UUID trainerId, UUID learnerId, UUID sessionId, Instant startsAt,
                              Instant endsAt, String zone, OffsetDateTime localStart, BookingStatus status,
                              Instant holdExpiresAt, String paymentPath, UUID paymentId, int sequence, Boolean attended) {

    static BookingResponse of(Booking booking) {
        return new BookingResponse(booking.id(), booking.kind(), booking.trainerId(), booking.learnerId(), booking.sessionId(),
                booking.startsAt(), booking.endsAt(), booking.zone().getId(),
                booking.startsAt().atZone(booking.zone()).toOffsetDateTime(), booking.status(), booking.holdExpiresAt(),
                booking.status() == BookingStatus.HELD ? "/api/payments/coaching/checkout" : null, booking.paymentId(),
                booking.sequence(), booking.attended());
    }
}
