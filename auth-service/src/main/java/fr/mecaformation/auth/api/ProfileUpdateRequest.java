package fr.mecaformation.auth.api;

import fr.mecaformation.auth.domain.Departement;
import fr.mecaformation.auth.domain.ProfileChanges;
import fr.mecaformation.auth.domain.Qualification;
import fr.mecaformation.auth.domain.Speciality;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Set;

/**
 * A partial profile: the fields sent are changed, the others kept. Roles, e-mail and ids are not fields here, so
 * a body that tries to set them is refused as unknown fields (no mass assignment).
 */
public record ProfileUpdateRequest(
        @Size(min = 2, max = 80, message = "doit contenir entre {min} et {max} caractères")
        @PlainText
        String displayName,

        @Pattern(regexp = "^(?:\\+33 ?|0)[1-9](?:[ .]?\\d{2}){4}$",
                message = "doit être un numéro français (06 12 34 56 78 ou +33 6 12 34 56 78)")
        String phone,

        @Pattern(regexp = "^(0[1-9]|1[0-9]|[3-8][0-9]|9[0-5]|2[1-9]|2A|2B|97[1-6])$",
                message = "doit être un numéro de département (01 à 95, 2A, 2B, 971 à 976)")
        String region,

        Qualification targetQualification,

        @Size(max = 8, message = "au plus {max} spécialités")
        Set<Speciality> specialities,

        @Min(value = 0, message = "doit être positif")
        @Max(value = 60, message = "au plus {value} heures par semaine")
        Integer weeklyAvailabilityHours,

        @Size(min = 2, max = 120, message = "doit contenir entre {min} et {max} caractères")
        @PlainText
        String company) {

    ProfileChanges toChanges() {
        return new ProfileChanges(displayName == null ? null : displayName.strip(), phone == null ? null : normalizedPhone(),
                region == null ? null : new Departement(region), targetQualification, specialities,
                weeklyAvailabilityHours, company == null ? null : company.strip());
    }

    /** One stored form, +33 followed by nine digits, whatever spacing the learner typed. */
    private String normalizedPhone() {
        String digits = phone.replaceAll("[ .]", "");
        return digits.startsWith("+33") ? digits : "+33" + digits.substring(1);
    }
}
