package fr.mecaformation.progress.credential;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;

import java.text.ParseException;
import java.util.Map;

/**
 * The platform's Ed25519 key for certificates and signed tree heads (JWS, alg EdDSA). Only its public half ever
 * leaves this class ({@link #publicJwkSet()}).
 */
public final class CertificateSigningKey {

    public static final JOSEObjectType CREDENTIAL_TYPE = new JOSEObjectType("vc+jwt");
    public static final JOSEObjectType TREE_HEAD_TYPE = new JOSEObjectType("tree-head+jwt");

    private final OctetKeyPair key;
    private final Ed25519Signer signer;
    private final Ed25519Verifier verifier;

    private CertificateSigningKey(OctetKeyPair key) {
        try {
            this.key = key;
            this.signer = new Ed25519Signer(key);
            this.verifier = new Ed25519Verifier(key.toPublicJWK());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable Ed25519 key", e);
        }
    }

    /** A private OKP JWK (JSON) with {@code crv: Ed25519}; its {@code kid} is kept, or its RFC 7638 thumbprint. */
    public static CertificateSigningKey fromJwk(String json) {
        try {
            JWK jwk = JWK.parse(json);
            if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve()) || !okp.isPrivate()) {
                throw new IllegalArgumentException("the certificate signing key must be a private Ed25519 OKP JWK");
            }
            if (okp.getKeyID() == null) {
                okp = new OctetKeyPair.Builder(okp).keyIDFromThumbprint().build();
            }
            return new CertificateSigningKey(okp);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("the certificate signing key is not a readable JWK", e);
        }
    }

    public static CertificateSigningKey generate() {
        try {
            return new CertificateSigningKey(new OctetKeyPairGenerator(Curve.Ed25519).keyIDFromThumbprint(true).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an Ed25519 key", e);
        }
    }

    public String keyId() {
        return key.getKeyID();
    }

    /** The JWK set to publish: the public key only. */
    public Map<String, Object> publicJwkSet() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** A compact JWS of this JSON object, with {@code kid} and {@code typ} in its protected header. */
    public String sign(JOSEObjectType type, Map<String, Object> claims) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID()).type(type).build(),
                new Payload(claims));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign", e);
        }
        return jws.serialize();
    }

    /**
     * Reads a compact JWS signed with this key and of this type; anything else (unreadable, other algorithm, other
     * key, other type, signature that does not match) is {@link Unverified}.
     */
    public Map<String, Object> verify(String compact, JOSEObjectType type) throws Unverified {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (ParseException | RuntimeException e) {
            throw new Unverified("Ce texte n'est pas une signature JWS lisible.");
        }
        JWSHeader header = jws.getHeader();
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || !key.getKeyID().equals(header.getKeyID())) {
            throw new Unverified("Ce document n'est pas signé avec la clé publiée de MécaFormation.");
        }
        if (!type.equals(header.getType())) {
            throw new Unverified("Ce document signé n'est pas du type attendu.");
        }
        try {
            if (!jws.verify(verifier)) {
                throw new Unverified("La signature ne correspond pas au contenu : le document a été modifié.");
            }
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            if (payload == null) {
                throw new Unverified("Le contenu signé n'est pas un objet JSON.");
            }
            return payload;
        } catch (JOSEException | RuntimeException e) {
            throw new Unverified("La signature ne correspond pas au contenu : le document a été modifié.");
        }
    }

    /** Why a JWS was not accepted, in French for the verdict. */
    public static final class Unverified extends Exception {
        public Unverified(String message) {
            super(message, null, false, false);
        }
    }
}
