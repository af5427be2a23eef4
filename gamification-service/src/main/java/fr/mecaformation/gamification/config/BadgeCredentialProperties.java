package fr.mecaformation.gamification.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meca.gamification.badge-credentials.*}: the keys badges are signed with, as progress-service's
 * {@code meca.progress.certificates.*} for certificates (a set of its own: one service's key never signs the other's).
 *
 * @param signingKeys   Ed25519 keys as a JWK set (JSON), env {@code BADGE_SIGNING_KEYS}: the active private key and
 *                      the previous ones, kept so what they signed still verifies; wins over {@code signingKey}
 * @param activeKeyId   the {@code kid} in {@code signingKeys} that signs from now on, env {@code BADGE_ACTIVE_KEY_ID}
 * @param signingKey    one private Ed25519 OKP JWK (JSON), env {@code BADGE_SIGNING_KEY}. Without either the service
 *                      does not start, except in the {@code local} profile (a throw-away key, with a warning)
 * @param publicBaseUrl the gateway's public address, env {@code BADGE_PUBLIC_BASE_URL}: the issuer's id in credentials
 */
@ConfigurationProperties("meca.gamification.badge-credentials")
public record BadgeCredentialProperties(String signingKeys, String activeKeyId, String signingKey,
                                        @DefaultValue("http://localhost:8080") String publicBaseUrl) {

    public BadgeCredentialProperties {
        publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** Where anyone reads a badge credential's status (public, no account). */
    public String credentialUrl(java.util.UUID credentialId) {
        return publicBaseUrl + "/api/gamification/badges/credentials/" + credentialId;
    }
}
