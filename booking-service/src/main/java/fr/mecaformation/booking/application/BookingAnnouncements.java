package fr.mecaformation.booking.application;

import fr.mecaformation.booking.domain.Actor;
import fr.mecaformation.booking.domain.Booking;
import fr.mecaformation.events.booking.AttendanceRecorded;
import fr.mecaformation.events.booking.BookingCancelled;
import fr.mecaformation.events.booking.BookingConfirmed;
import fr.mecaformation.events.booking.BookingReminderDue;
import fr.mecaformation.events.booking.BookingRescheduled;
import fr.mecaformation.platform.outbox.OutboxWriter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Instant;

/** The events of booking.booking.v1, written to the outbox inside the caller's transaction. */
@Component
public class BookingAnnouncements {

    private final OutboxWriter outbox;

    public BookingAnnouncements(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Mono<Void> confirmed(Booking booking, Instant at) {
        return outbox.append(new BookingConfirmed(booking.id(), booking.kind().name(), booking.learnerId(), booking.trainerId(),
                booking.sessionId(), booking.startsAt(), booking.endsAt(), booking.zone().getId(), booking.paymentId(), at));
    }

    public Mono<Void> cancelled(Booking booking, Actor by, String reason, boolean refundDue, Instant at) {
        return outbox.append(new BookingCancelled(booking.id(), booking.kind().name(), booking.learnerId(), booking.trainerId(),
                booking.sessionId(), booking.startsAt(), by.name(), reason, refundDue, booking.paymentId(), at));
    }

    public Mono<Void> rescheduled(Booking before, Booking after, Actor by, Instant at) {
        return outbox.append(new BookingRescheduled(after.id(), after.kind().name(), after.learnerId(), after.trainerId(),
                before.startsAt(), after.startsAt(), after.endsAt(), after.sequence(), by.name(), at));
    }

    public Mono<Void> attendance(Booking booking, boolean present, Instant at) {
        return outbox.append(new AttendanceRecorded(booking.id(), booking.kind().name(), booking.learnerId(),
                booking.trainerId(), booking.sessionId(), booking.startsAt(), booking.endsAt(), present, at));
    }

    public Mono<Void> reminder(Booking booking, String reminder) {
        return outbox.append(new BookingReminderDue(booking.id(), booking.kind().name(), booking.learnerId(),
                booking.trainerId(), booking.startsAt(), reminder));
    }
}
