package fr.mecaformation.events.identity;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/**
 * A learner joined a trainer's cohort: the trainer may now follow that learner's progress. Carries the cohort's trainer
 * and name so consumers need no other event to show it.
 */
@EventContract(type = "fr.mecaformation.identity.cohort.member-added.v1", topic = CohortEvents.TOPIC,
        schema = "schemas/identity/cohort-member-added.v1.json")
public record CohortMemberAdded(UUID cohortId, String cohortName, UUID trainerId, UUID learnerId, Instant addedAt)
        implements DomainEvent {

    @Override
    public String subject() {
        return cohortId.toString();
    }
}
