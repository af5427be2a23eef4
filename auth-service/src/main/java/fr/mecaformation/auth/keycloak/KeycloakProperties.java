package fr.mecaformation.auth.keycloak;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** How auth-service reaches Keycloak's admin API: its service account in the platform realm. */
@ConfigurationProperties("meca.keycloak")
public record KeycloakProperties(String url, String realm, String clientId, String clientSecret,
                                 Duration connectTimeout, Duration readTimeout) {
}
