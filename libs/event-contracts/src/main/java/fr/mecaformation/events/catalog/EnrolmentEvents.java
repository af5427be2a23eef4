package fr.mecaformation.events.catalog;

/**
 * Wire constants of enrolments: a learner's access to a course. Keyed by learner, so one learner's grants and
 * revocations arrive in the order they happened.
 */
public final class EnrolmentEvents {

    public static final String TOPIC = "catalog.enrolment.v1";

    private EnrolmentEvents() {
    }
}
