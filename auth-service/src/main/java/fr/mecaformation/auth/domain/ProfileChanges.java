package fr.mecaformation.auth.domain;

import java.util.Set;

/** A partial update of a profile: a null field is left as it is. */
public record ProfileChanges(String displayName, String phone, Departement region, Qualification targetQualification,
                             Set<Speciality> specialities, Integer weeklyAvailabilityHours, String company) {
}
