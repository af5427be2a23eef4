package fr.mecaformation.events.booking;

/**
 * Wire constants of bookings (advice, coaching, seats of webinars and mock exams). booking-service publishes, keyed by
 * booking id, so one booking's confirmation, moves, cancellation, reminders and attendance stay in order. Notification
 * channels read them; {@code learnerId} is null once the learner's account was erased.
 */
public final class BookingEvents {

    public static final String TOPIC = "booking.booking.v1";

    private BookingEvents() {
    }
}
