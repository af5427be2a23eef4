package fr.mecaformation.auth.keycloak;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How auth-service reaches Keycloak's admin API: its service account in the platform realm.
 *
 * @param connectTimeout   one connection; a Keycloak that is down refuses at once, so this only bounds a lost network
 * @param readTimeout      one admin call; sized for a cold Keycloak on two busy cores (its first user creation loads
 *                         and compiles its persistence path and hashes a password)
 * @param operationTimeout the time limiter around one use case, which may make several admin calls in a row (a
 *                         registration: token, user creation, role mapping); above their sum in the normal case
 */
@ConfigurationProperties("meca.keycloak")
public record KeycloakProperties(String url, String realm, String clientId, String clientSecret,
                                 Duration connectTimeout, Duration readTimeout, Duration operationTimeout) {
}
