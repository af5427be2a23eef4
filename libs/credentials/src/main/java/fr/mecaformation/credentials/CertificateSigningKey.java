package fr.mecaformation.credentials;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's Ed25519 credential keys (JWS, alg EdDSA), as a key set by {@code kid}: one active private key signs
 * credentials (progress-service's course certificates, gamification-service's badges, each service with its own
 * set) and tree heads (its {@code kid} in the protected header); the set publishes the public half of every
 * key, active and previous ({@link #publicJwkSet()}), and verification picks the key named by the JWS's {@code kid},
 * so a certificate signed before a rotation still verifies after it. Private keys never leave this class.
 */
public final class CertificateSigningKey {

    public static final JOSEObjectType CREDENTIAL_TYPE = new JOSEObjectType("vc+jwt");
    public static final JOSEObjectType TREE_HEAD_TYPE = new JOSEObjectType("tree-head+jwt");

    private final OctetKeyPair key;
    private final Ed25519Signer signer;
    private final Map<String, OctetKeyPair> publicKeys;
    private final Map<String, Ed25519Verifier> verifiers;

    private CertificateSigningKey(OctetKeyPair key, List<OctetKeyPair> previous) {
        try {
            this.key = key;
            this.signer = new Ed25519Signer(key);
            Map<String, OctetKeyPair> publicKeys = new LinkedHashMap<>();
            Map<String, Ed25519Verifier> verifiers = new LinkedHashMap<>();
            for (OctetKeyPair each : concat(key, previous)) {
                OctetKeyPair publicKey = each.toPublicJWK();
                if (publicKeys.putIfAbsent(each.getKeyID(), publicKey) != null) {
                    throw new IllegalArgumentException("two certificate keys have the kid " + each.getKeyID());
                }
                verifiers.put(each.getKeyID(), new Ed25519Verifier(publicKey));
            }
            this.publicKeys = java.util.Collections.unmodifiableMap(publicKeys);
            this.verifiers = Map.copyOf(verifiers);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable Ed25519 key", e);
        }
    }

    private static List<OctetKeyPair> concat(OctetKeyPair first, List<OctetKeyPair> rest) {
        List<OctetKeyPair> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** A private OKP JWK (JSON) with {@code crv: Ed25519}; its {@code kid} is kept, or its RFC 7638 thumbprint. */
    public static CertificateSigningKey fromJwk(String json) {
        try {
            return new CertificateSigningKey(readKey(JWK.parse(json), true), List.of());
        } catch (ParseException e) {
            throw new IllegalArgumentException("the certificate signing key is not a readable JWK", e);
        }
    }

    /**
     * A JWK set (JSON, {@code {"keys": [...]}}) of Ed25519 OKP keys: {@code activeKeyId} names the private key that
     * signs from now on (it may be omitted when the set holds exactly one private key); the others, private or public
     * only, are previous keys kept to verify what they signed.
     */
    public static CertificateSigningKey fromJwkSet(String json, String activeKeyId) {
        List<OctetKeyPair> keys = new ArrayList<>();
        try {
            for (JWK jwk : JWKSet.parse(json).getKeys()) {
                keys.add(readKey(jwk, false));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("the certificate keys are not a readable JWK set", e);
        }
        List<OctetKeyPair> candidates = keys.stream().filter(OctetKeyPair::isPrivate)
                .filter(okp -> activeKeyId == null || activeKeyId.isBlank() || okp.getKeyID().equals(activeKeyId.strip()))
                .toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException(activeKeyId == null || activeKeyId.isBlank()
                    ? "the certificate key set must name its active key (its active-key-id setting) "
                            + "unless it holds exactly one private key"
                    : "the certificate key set holds no private key with kid " + activeKeyId);
        }
        OctetKeyPair active = candidates.get(0);
        return new CertificateSigningKey(active, keys.stream().filter(okp -> okp != active).toList());
    }

    private static OctetKeyPair readKey(JWK jwk, boolean mustBePrivate) {
        if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve()) || (mustBePrivate && !okp.isPrivate())) {
            throw new IllegalArgumentException("the certificate signing key must be a private Ed25519 OKP JWK");
        }
        if (okp.getKeyID() != null) {
            return okp;
        }
        try {
            return new OctetKeyPair.Builder(okp).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("could not compute the key's thumbprint", e);
        }
    }

    public static CertificateSigningKey generate() {
        try {
            return new CertificateSigningKey(new OctetKeyPairGenerator(Curve.Ed25519).keyIDFromThumbprint(true).generate(),
                    List.of());
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate an Ed25519 key", e);
        }
    }

    /** The active key's id: the {@code kid} of everything signed from now on. */
    public String keyId() {
        return key.getKeyID();
    }

    /** Every key that may have signed something (active first, then the previous ones). */
    public java.util.Set<String> keyIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        ids.add(key.getKeyID());
        ids.addAll(publicKeys.keySet());
        return ids;
    }

    /** The {@code kid} a compact JWS names in its header (null when unreadable or absent), for messages. */
    public static String keyIdOf(String compact) {
        try {
            return JWSObject.parse(compact.strip()).getHeader().getKeyID();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /** The JWK set to publish: the public halves of the active and previous keys, active first. */
    public Map<String, Object> publicJwkSet() {
        List<JWK> keys = new ArrayList<>();
        keyIds().forEach(id -> keys.add(publicKeys.get(id)));
        return new JWKSet(keys).toJSONObject(true);
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
     * Reads a compact JWS signed with one of the set's keys (the one its {@code kid} names) and of this type; anything
     * else (unreadable, other algorithm, unknown key, other type, signature that does not match) is {@link Unverified}.
     */
    public Map<String, Object> verify(String compact, JOSEObjectType type) throws Unverified {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact.strip());
        } catch (ParseException | RuntimeException e) {
            throw new Unverified("Ce texte n'est pas une signature JWS lisible.");
        }
        JWSHeader header = jws.getHeader();
        Ed25519Verifier verifier = header.getKeyID() == null ? null : verifiers.get(header.getKeyID());
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) || verifier == null) {
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
