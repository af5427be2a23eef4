package fr.mecaformation.events.identity;

import java.util.List;
import java.util.UUID;

/**
 * What other services may know of a learner's profile: enough to personalise (region, target qualification,
 * specialities), to display a name and to name them on a certificate. Contact data (e-mail, phone) and employer stay
 * in auth-service.
 *
 * @param displayName what the person chose to be called, and may change at will: for screens, never for documents
 * @param legalName   their verified legal name (first and last name given at registration, changed only by an admin):
 *                    what certificates carry. Optional (added in v1): null in events written before it existed
 */
public record LearnerProfileSnapshot(UUID userId, String displayName, String legalName, String region,
                                     String targetQualification, List<String> specialities, long revision) {

    public LearnerProfileSnapshot {
        specialities = List.copyOf(specialities);
    }

    /** A snapshot without a legal name, as producers wrote them before the field existed. */
    public LearnerProfileSnapshot(UUID userId, String displayName, String region, String targetQualification,
                                  List<String> specialities, long revision) {
        this(userId, displayName, null, region, targetQualification, specialities, revision);
    }
}
