package fr.mecaformation.auth.api;

import java.util.UUID;

/**
 * The new account; it can sign in once its e-mail address is verified. {@code verificationEmailSent} false: the
 * account exists but the mail did not go out; signing in on Keycloak's login page sends it again.
 */
public record RegistrationResponse(UUID userId, String email, boolean emailVerificationRequired,
                                   boolean verificationEmailSent) {
}
