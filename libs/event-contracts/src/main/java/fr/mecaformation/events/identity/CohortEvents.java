package fr.mecaformation.events.identity;

/** Wire constants of trainers' cohorts, keyed by cohort id. */
public final class CohortEvents {

    public static final String TOPIC = "identity.cohort.v1";

    private CohortEvents() {
    }
}
