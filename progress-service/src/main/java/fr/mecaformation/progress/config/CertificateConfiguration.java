package fr.mecaformation.progress.config;

import fr.mecaformation.progress.credential.CertificateSigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CertificateProperties.class)
public class CertificateConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CertificateConfiguration.class);

    @Bean
    CertificateSigningKey certificateSigningKey(CertificateProperties properties) {
        if (properties.signingKey() == null || properties.signingKey().isBlank()) {
            CertificateSigningKey generated = CertificateSigningKey.generate();
            log.warn("No certificate signing key configured (meca.progress.certificates.signing-key / CERTIFICATE_SIGNING_KEY): "
                    + "generated a throw-away Ed25519 key {}. Certificates and tree heads signed now will NOT verify after a "
                    + "restart. Set a persistent private OKP JWK outside dev and tests.", generated.keyId());
            return generated;
        }
        CertificateSigningKey key = CertificateSigningKey.fromJwk(properties.signingKey());
        log.info("Certificates are signed with Ed25519 key {}", key.keyId());
        return key;
    }
}
