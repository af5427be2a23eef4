package fr.mecaformation.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hand-made tokens for the checks a real Keycloak can't be asked to fail: each one breaks exactly one rule, so a
 * test that expects 401 proves that one check. {@link #trusted} tokens are signed with a key registered in the
 * realm (Keycloak publishes it in its JWKS), so their signature is valid and only their claims are wrong.
 */
public final class TokenForge {

    private final String issuer;
    private final RSAKey trustedKey;
    private final RSAKey foreignKey;

    TokenForge(String issuer, RSAKey trustedKey) {
        this.issuer = issuer;
        this.trustedKey = trustedKey;
        this.foreignKey = generate("foreign-" + UUID.randomUUID());
    }

    static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims a token of the platform would carry for a trainer; each forge method changes one of them. */
    public JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(UUID.randomUUID().toString())
                .audience("meca-api")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("azp", "meca-cli")
                .claim("realm_access", Map.of("roles", List.of("trainer")));
    }

    public String trusted(JWTClaimsSet claims) {
        return sign(trustedKey, claims);
    }

    public String expired() {
        Instant past = Instant.now().minusSeconds(600);
        return trusted(validClaims().issueTime(Date.from(past.minusSeconds(300))).expirationTime(Date.from(past)).build());
    }

    public String withoutPlatformAudience() {
        return trusted(validClaims().audience("account").build());
    }

    public String fromAnotherIssuer() {
        return trusted(validClaims().issuer("http://localhost:1/realms/meca").build());
    }

    /** Same claims, signed by a key the realm never published (another realm's, an attacker's). */
    public String signedByForeignKey() {
        return sign(foreignKey, validClaims().build());
    }

    /** An unsecured JWT ({@code alg: none}) with otherwise perfect claims. */
    public String unsigned() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(validClaims().build().toString()).toString();
        return header + "." + payload + ".";
    }

    public boolean isPublishedIn(JWKSet published) {
        return published.getKeyByKeyId(trustedKey.getKeyID()) != null;
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
