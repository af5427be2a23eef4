package fr.mecaformation.events.identity;

import java.util.List;
import java.util.UUID;

/**
 * What other services may know of a learner's profile: enough to personalise (region, target qualification,
 * specialities) and to display a name. Contact data (e-mail, phone) and employer stay in auth-service.
 */
public record LearnerProfileSnapshot(UUID userId, String displayName, String region, String targetQualification,
                                     List<String> specialities, long revision) {

    public LearnerProfileSnapshot {
        specialities = List.copyOf(specialities);
    }
}
