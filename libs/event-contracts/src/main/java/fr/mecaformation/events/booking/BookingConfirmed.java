package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking holds its time for sure: free advice at once, a coaching hour once paid ({@code paymentId}), a seat of a
 * session (webinar, mock exam) when taken or accepted from the waitlist ({@code sessionId}). {@code kind} is one of
 * ADVICE, COACHING, WEBINAR, MOCK_EXAM. Times are instants (UTC); {@code zone} is the trainer's, for display.
 */
@EventContract(type = "fr.mecaformation.booking.booking.confirmed.v1", topic = BookingEvents.TOPIC,
        schema = "schemas/booking/booking-confirmed.v1.json")
public record BookingConfirmed(UUID bookingId, String kind, UUID learnerId, UUID trainerId, UUID sessionId,
                               Instant startsAt, Instant endsAt, String zone, UUID paymentId, Instant confirmedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return bookingId.toString();
    }
}
