package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A one-to-one booking moved to another slot; {@code sequence} is its iCalendar SEQUENCE after the move. */
@EventContract(type = "fr.mecaformation.booking.booking.rescheduled.v1", topic = BookingEvents.TOPIC,
        schema = "schemas/booking/booking-rescheduled.v1.json")
public record BookingRescheduled(UUID bookingId, String kind, UUID learnerId, UUID trainerId, Instant previousStartsAt,
                                 Instant startsAt, Instant endsAt, int sequence, String rescheduledBy,
                                 Instant rescheduledAt) implements DomainEvent {

    @Override
    public String subject() {
        return bookingId.toString();
    }
}
