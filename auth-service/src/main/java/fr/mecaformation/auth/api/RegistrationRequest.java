package fr.mecaformation.auth.api;

import fr.mecaformation.auth.domain.Qualification;
import fr.mecaformation.auth.domain.Registration;
import fr.mecaformation.platform.validation.PlainText;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the sign-up form sends. Keycloak's password policy judges the password; here only its size is bounded. */
public record RegistrationRequest(
        @NotBlank(message = "est obligatoire")
        @Size(max = 254, message = "ne doit pas dépasser {max} caractères")
        @Email(regexp = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", message = "n'est pas une adresse e-mail valide")
        String email,

        @NotBlank(message = "est obligatoire")
        @Size(max = 128, message = "ne doit pas dépasser {max} caractères")
        String password,

        @NotBlank(message = "est obligatoire")
        @Size(max = 40, message = "ne doit pas dépasser {max} caractères")
        @PlainText
        String firstName,

        @NotBlank(message = "est obligatoire")
        @Size(max = 40, message = "ne doit pas dépasser {max} caractères")
        @PlainText
        String lastName,

        Qualification targetQualification) {

    Registration toRegistration() {
        return new Registration(email, password, firstName.strip(), lastName.strip(), targetQualification);
    }

    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + "]";
    }
}
