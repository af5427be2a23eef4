package fr.mecaformation.auth.keycloak;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The verification e-mail: where its link leads once Keycloak has checked it (the application the person
 * registered for; the redirect must be one of the client's redirect URIs in the realm, or Keycloak refuses to send),
 * and how it is sent after the registration answered.
 *
 * @param clientId     the realm's client the person will sign in with (the web application)
 * @param redirectUri  where Keycloak's "back to the application" link points after the address is verified
 * @param pollInterval how often the queue of mails to send is looked at
 * @param firstRetry   the wait after a first failed attempt; it doubles at each failure up to {@code maxRetry}
 * @param maxRetry     the longest wait between two attempts
 * @param giveUpAfter  how long after the registration a mail is still tried; after that, signing in on Keycloak's
 *                     login page (which sends it again) is the person's way to get one
 */
@ConfigurationProperties("meca.registration.verification-email")
public record VerificationEmailProperties(String clientId, String redirectUri,
                                          @DefaultValue("1s") Duration pollInterval,
                                          @DefaultValue("2s") Duration firstRetry,
                                          @DefaultValue("5m") Duration maxRetry,
                                          @DefaultValue("24h") Duration giveUpAfter) {
}
