package fr.mecaformation.auth.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The platform's own record of a person, keyed by their Keycloak subject. Passwords, sessions and tokens stay in
 * Keycloak; this is what the platform needs to teach and follow them.
 */
public record LearnerProfile(UUID userId, String email, String displayName, String legalName, String phone, Departement region,
                             Qualification targetQualification, Set<Speciality> specialities,
                             Integer weeklyAvailabilityHours, String company, Instant createdAt, Instant updatedAt,
                             long revision) {

    public LearnerProfile {
        Objects.requireNonNull(userId);
        Objects.requireNonNull(email);
        Objects.requireNonNull(displayName);
        specialities = specialities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(specialities));
    }

    /** @param legalName first and last name as registered (or as Keycloak has them); null when not known */
    public static LearnerProfile registered(UUID userId, String email, String displayName, String legalName,
                                            Qualification targetQualification, Instant now) {
        return new LearnerProfile(userId, email, displayName, legalName, null, null, targetQualification, Set.of(), null,
                null, now, now, 1);
    }

    /**
     * The legal name an admin has checked: the only way it changes after registration ({@link #revise}, the person's
     * own edit, never touches it).
     */
    public LearnerProfile withLegalName(String newLegalName, Instant now) {
        return new LearnerProfile(userId, email, displayName, newLegalName, phone, region, targetQualification,
                specialities, weeklyAvailabilityHours, company, createdAt, now, revision + 1);
    }

    /** Applies the fields the learner sent; returns this profile unchanged when none differs. */
    public Revision revise(ProfileChanges changes, Instant now) {
        List<String> changed = new ArrayList<>();
        String newName = pick(changes.displayName(), displayName, "displayName", changed);
        String newPhone = pick(changes.phone(), phone, "phone", changed);
        Departement newRegion = pick(changes.region(), region, "region", changed);
        Qualification newQualification = pick(changes.targetQualification(), targetQualification,
                "targetQualification", changed);
        Set<Speciality> newSpecialities = pick(changes.specialities(), specialities, "specialities", changed);
        Integer newAvailability = pick(changes.weeklyAvailabilityHours(), weeklyAvailabilityHours,
                "weeklyAvailabilityHours", changed);
        String newCompany = pick(changes.company(), company, "company", changed);
        if (changed.isEmpty()) {
            return new Revision(this, List.of());
        }
        return new Revision(new LearnerProfile(userId, email, newName, legalName, newPhone, newRegion, newQualification,
                newSpecialities, newAvailability, newCompany, createdAt, now, revision + 1), List.copyOf(changed));
    }

    private static <T> T pick(T proposed, T current, String field, List<String> changed) {
        if (proposed == null || proposed.equals(current)) {
            return current;
        }
        changed.add(field);
        return proposed;
    }

    /** A profile after a change, and the names of the fields that changed. */
    public record Revision(LearnerProfile profile, List<String> changedFields) {

        public boolean changedAnything() {
            return !changedFields.isEmpty();
        }
    }
}
