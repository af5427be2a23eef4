package fr.mecaformation.events.booking;

/**
 * Wire constants of internship offers (stages entreprises) that partner companies publish through the public API.
 * booking-service publishes, keyed by offer id, so an offer's publication and the decisions on its applications stay
 * in order. {@code learnerId} is null once the learner's account was erased.
 */
public final class InternshipEvents {

    public static final String TOPIC = "booking.internship.v1";

    private InternshipEvents() {
    }
}
