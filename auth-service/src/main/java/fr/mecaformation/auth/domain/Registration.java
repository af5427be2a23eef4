package fr.mecaformation.auth.domain;

import java.util.Locale;

/** What a person gives to open an account. The password only passes through, to Keycloak. */
public record Registration(String email, String password, String firstName, String lastName,
                           Qualification targetQualification) {

    /** How the platform shows the person until they choose otherwise in their profile. */
    public String displayName() {
        return firstName + " " + lastName;
    }

    public String normalizedEmail() {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "Registration[email=" + email + "]";
    }
}
