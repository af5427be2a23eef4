package fr.mecaformation.auth.keycloak;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the link of the verification e-mail leads once Keycloak has checked it: the application the person
 * registered for. The redirect must be one of the client's redirect URIs in the realm, or Keycloak refuses to send.
 *
 * @param clientId    the realm's client the person will sign in with (the web application)
 * @param redirectUri where Keycloak's "back to the application" link points after the address is verified
 */
@ConfigurationProperties("meca.registration.verification-email")
public record VerificationEmailProperties(String clientId, String redirectUri) {
}
