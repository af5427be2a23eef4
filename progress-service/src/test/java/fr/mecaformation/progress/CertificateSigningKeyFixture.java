package fr.mecaformation.progress;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;

/** Ed25519 certificate keys for tests that run outside the local profile (where a key must be configured). */
final class CertificateSigningKeyFixture {

    private CertificateSigningKeyFixture() {
    }

    static OctetKeyPair generate(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A private OKP JWK (JSON) with this kid. */
    static String privateJwk(String kid) {
        return generate(kid).toJSONString();
    }
}
