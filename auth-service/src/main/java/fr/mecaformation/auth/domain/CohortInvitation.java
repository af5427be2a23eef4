package fr.mecaformation.auth.domain;

import java.time.Instant;
import java.util.UUID;

/** A pending invitation as the invited learner sees it: which cohort, whose, since when. */
public record CohortInvitation(UUID cohortId, String cohortName, UUID trainerId, String trainerName, Instant invitedAt) {
}
