package fr.mecaformation.auth.api;

import java.util.UUID;

/**
 * The new account; it can sign in once its e-mail address is verified. The verification e-mail is on its way (sent
 * right after this answer, and retried while the mail server is unavailable); signing in on Keycloak's login page
 * sends it again.
 */
public record RegistrationResponse(UUID userId, String email, boolean emailVerificationRequired) {
}
