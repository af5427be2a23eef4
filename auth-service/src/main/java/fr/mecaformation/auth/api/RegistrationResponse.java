package fr.mecaformation.auth.api;

import java.util.UUID;

/** The new account; it can sign in once its e-mail address is verified. */
public record RegistrationResponse(UUID userId, String email, boolean emailVerificationRequired) {
}
