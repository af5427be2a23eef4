package fr.mecaformation.progress.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meca.progress.certificates.*}
 *
 * @param signingKey    the platform's private Ed25519 key as an OKP JWK (JSON), env {@code CERTIFICATE_SIGNING_KEY};
 *                      empty: a key is generated at startup (dev and tests), and certificates signed with it stop
 *                      verifying at the next restart
 * @param publicBaseUrl where the public verification page is reached (the gateway's public address), env
 *                      {@code CERTIFICATE_PUBLIC_BASE_URL}; also the issuer's id in credentials
 */
@ConfigurationProperties("meca.progress.certificates")
public record CertificateProperties(String signingKey, @DefaultValue("http://localhost:8080") String publicBaseUrl) {

    public CertificateProperties {
        publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public String verificationPage(java.util.UUID certificateId) {
        return publicBaseUrl + "/api/progress/certificates/" + certificateId + "/page";
    }
}
