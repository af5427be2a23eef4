package fr.mecaformation.auth.api;

import fr.mecaformation.auth.domain.LearnerProfile;
import fr.mecaformation.auth.domain.Qualification;
import fr.mecaformation.auth.domain.Speciality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record ProfileResponse(UUID userId, String email, String displayName, String legalName, String phone, String region,
                              Qualification targetQualification, List<Speciality> specialities,
                              Integer weeklyAvailabilityHours, String company, Instant createdAt, Instant updatedAt,
                              long revision) {

    static ProfileResponse of(LearnerProfile profile) {
        return new ProfileResponse(profile.userId(), profile.email(), profile.displayName(), profile.legalName(), profile.phone(),
                profile.region() == null ? null : profile.region().code(), profile.targetQualification(),
                profile.specialities().stream().sorted().toList(), profile.weeklyAvailabilityHours(),
                profile.company(), profile.createdAt(), profile.updatedAt(), profile.revision());
    }
}
