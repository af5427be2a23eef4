package fr.mecaformation.progress.config;

import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.platform.security.Secrets;
import fr.mecaformation.credentials.CertificateSigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The keys progress-service signs and verifies with: the certificate key set and the playback grants shared with
 * catalog-service. Outside the {@code local} profile both must be configured, or the service does not start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertificateProperties.class)
public class CertificateConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CertificateConfiguration.class);

    @Bean
    CertificateSigningKey certificateSigningKey(CertificateProperties properties, Environment environment) {
        boolean set = properties.signingKeys() != null && !properties.signingKeys().isBlank();
        CertificateSigningKey key = Secrets.required(environment, set ? properties.signingKeys() : properties.signingKey(),
                        "meca.progress.certificates.signing-keys or signing-key",
                        "CERTIFICATE_SIGNING_KEYS or CERTIFICATE_SIGNING_KEY")
                .map(configured -> set ? CertificateSigningKey.fromJwkSet(configured, properties.activeKeyId())
                        : CertificateSigningKey.fromJwk(configured))
                .orElse(null);
        if (key == null) {
            CertificateSigningKey generated = CertificateSigningKey.generate();
            log.warn("No certificate signing key configured (local profile): generated a throw-away Ed25519 key {}. "
                    + "Certificates and tree heads signed now will NOT verify after a restart.", generated.keyId());
            return generated;
        }
        log.info("Certificates are signed with Ed25519 key {}; keys that verify: {}", key.keyId(), key.keyIds());
        return key;
    }

    @Bean
    PlaybackGrants playbackGrants(Environment environment) {
        return PlaybackGrants.configured(environment);
    }
}
