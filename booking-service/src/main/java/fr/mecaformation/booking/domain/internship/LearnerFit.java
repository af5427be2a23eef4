package fr.mecaformation.booking.domain.internship;

import java.util.Set;
import java.util.UUID;

/**
 * What matching knows of a learner: their profile as auth-service announced it (département, target qualification,
 * specialities; any may be missing) and the skills their certificates prove (courses' skills from the catalog).
 */
public record LearnerFit(UUID learnerId, String departement, String targetQualification, Set<String> specialities,
                         Set<String> provenSkills) {

    public LearnerFit {
        specialities = Set.copyOf(specialities);
        provenSkills = Set.copyOf(provenSkills);
    }

    public static LearnerFit unknown(UUID learnerId) {
        return new LearnerFit(learnerId, null, null, Set.of(), Set.of());
    }
}
