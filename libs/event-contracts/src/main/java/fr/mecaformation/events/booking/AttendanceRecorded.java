package fr.mecaformation.events.booking;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** The trainer marked whether the learner attended (émargement), for funders' proof of attendance. */
@EventContract(type = "fr.mecaformation.booking.attendance.recorded.v1", topic = BookingEvents.TOPIC,
        schema = "schemas/booking/attendance-recorded.v1.json")
public record AttendanceRecorded(UUID bookingId, String kind, UUID learnerId, UUID trainerId, UUID sessionId,
                                 Instant startsAt, Instant endsAt, boolean present, Instant recordedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return bookingId.toString();
    }
}
