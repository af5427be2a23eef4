package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A booking ended before taking place. {@code cancelledBy} is LEARNER, TRAINER, ADMIN or SYSTEM (account erased,
 * session cancelled by its trainer — one event per attendee, so every one of them is told). {@code refundDue} says a
 * paid booking was cancelled inside the policy: its payment should go back to the learner.
 */
@EventContract(type = "fr.mecaformation.booking.booking.cancelled.v1", topic = BookingEvents.TOPIC,
        schema = "schemas/booking/booking-cancelled.v1.json")
public record BookingCancelled(UUID bookingId, String kind, UUID learnerId, UUID trainerId, UUID sessionId,
                               Instant startsAt, String cancelledBy, String reason, boolean refundDue, UUID paymentId,
                               Instant cancelledAt) implements DomainEvent {

    @Override
    public String subject() {
        return bookingId.toString();
    }
}
