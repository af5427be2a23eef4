package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A confirmed booking starts soon: {@code reminder} is T24H or T1H. Announced once per booking and reminder (claimed
 * with SKIP LOCKED, marked in the same transaction), for notification channels to remind the learner.
 */
@EventContract(type = "fr.mecaformation.booking.booking.reminder-due.v1", topic = BookingEvents.TOPIC,
        schema = "schemas/booking/booking-reminder-due.v1.json")
public record BookingReminderDue(UUID bookingId, String kind, UUID learnerId, UUID trainerId, Instant startsAt,
                                 String reminder) implements DomainEvent {

    @Override
    public String subject() {
        return bookingId.toString();
    }
}
