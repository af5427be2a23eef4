package fr.mecaformation.gamification.config;

import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.platform.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The key set badge credentials and their log's heads are signed with. Outside the {@code local} profile it must be
 * configured, or the service does not start (as progress-service's certificate keys).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BadgeCredentialProperties.class)
public class BadgeCredentialConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BadgeCredentialConfiguration.class);

    @Bean
    CertificateSigningKey badgeSigningKey(BadgeCredentialProperties properties, Environment environment) {
        boolean set = properties.signingKeys() != null && !properties.signingKeys().isBlank();
        CertificateSigningKey key = Secrets.required(environment, set ? properties.signingKeys() : properties.signingKey(),
                        "meca.gamification.badge-credentials.signing-keys or signing-key",
                        "BADGE_SIGNING_KEYS or BADGE_SIGNING_KEY")
                .map(configured -> set ? CertificateSigningKey.fromJwkSet(configured, properties.activeKeyId())
                        : CertificateSigningKey.fromJwk(configured))
                .orElse(null);
        if (key == null) {
            CertificateSigningKey generated = CertificateSigningKey.generate();
            log.warn("No badge signing key configured (local profile): generated a throw-away Ed25519 key {}. "
                    + "Badge credentials and tree heads signed now will NOT verify after a restart.", generated.keyId());
            return generated;
        }
        log.info("Badge credentials are signed with Ed25519 key {}; keys that verify: {}", key.keyId(), key.keyIds());
        return key;
    }
}
