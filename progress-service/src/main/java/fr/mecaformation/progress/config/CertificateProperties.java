package fr.mecaformation.progress.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code meca.progress.certificates.*}
 *
 * @param signingKeys   the platform's Ed25519 keys as a JWK set (JSON {@code {"keys": [...]}}), env
 *                      {@code CERTIFICATE_SIGNING_KEYS}: the active private key and the previous ones (private or
 *                      public only), kept so what they signed still verifies; wins over {@code signingKey}
 * @param activeKeyId   the {@code kid} of the key in {@code signingKeys} that signs from now on, env
 *                      {@code CERTIFICATE_ACTIVE_KEY_ID}; may be empty when the set holds one private key only
 * @param signingKey    a single private Ed25519 key as an OKP JWK (JSON), env {@code CERTIFICATE_SIGNING_KEY}: a set of
 *                      one. Without either, the service does not start, except in the {@code local} profile where a
 *                      throw-away key is generated (certificates signed with it stop verifying at the next restart)
 * @param publicBaseUrl where the public verification page is reached (the gateway's public address), env
 *                      {@code CERTIFICATE_PUBLIC_BASE_URL}; also the issuer's id in credentials
 */
@ConfigurationProperties("meca.progress.certificates")
public record CertificateProperties(String signingKeys, String activeKeyId, String signingKey,
                                    @DefaultValue("http://localhost:8080") String publicBaseUrl) {

    public CertificateProperties {
        publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public String verificationPage(java.util.UUID certificateId) {
        return publicBaseUrl + "/api/progress/certificates/" + certificateId + "/page";
    }
}
