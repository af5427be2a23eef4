package fr.mecaformation.platform.grant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import fr.mecaformation.platform.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Signs and reads {@link PlaybackGrant}s: a compact JWS (HS256, {@code typ: playback-grant+jwt}) under a secret that
 * catalog-service (which issues them with the media links) and progress-service (which credits offline heartbeats
 * with them) share, {@code meca.playback-grant.key} (base64, 32 bytes or more).
 */
public final class PlaybackGrants {

    public static final String KEY_PROPERTY = "meca.playback-grant.key";
    public static final String KEY_VARIABLE = "PLAYBACK_GRANT_KEY";

    private static final Logger log = LoggerFactory.getLogger(PlaybackGrants.class);
    private static final JOSEObjectType TYPE = new JOSEObjectType("playback-grant+jwt");
    private static final String LESSON_CLAIM = "lesson";

    private final MACSigner signer;
    private final MACVerifier verifier;

    private PlaybackGrants(byte[] key) {
        if (key.length < 32) {
            throw new IllegalStateException(KEY_PROPERTY + " must hold at least 32 bytes");
        }
        try {
            this.signer = new MACSigner(key);
            this.verifier = new MACVerifier(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable playback grant key", e);
        }
    }

    /** From the configured base64 key. */
    public static PlaybackGrants fromBase64(String key) {
        return new PlaybackGrants(Base64.getDecoder().decode(key.strip()));
    }

    /**
     * The service's grants under {@value #KEY_PROPERTY}: required outside the {@code local} profile; in it, a missing
     * key is replaced by a throw-away one (and a warning).
     */
    public static PlaybackGrants configured(Environment environment) {
        return Secrets.required(environment, environment.getProperty(KEY_PROPERTY), KEY_PROPERTY, KEY_VARIABLE)
                .map(PlaybackGrants::fromBase64)
                .orElseGet(() -> {
                    log.warn("{} is not set (local profile): playback grants are signed with a throw-away key that no "
                            + "other service shares", KEY_PROPERTY);
                    return throwAway();
                });
    }

    /** A throw-away key (local profile only): grants die with the instance, and no other service can read them. */
    public static PlaybackGrants throwAway() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new PlaybackGrants(key);
    }

    public String sign(PlaybackGrant grant) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(grant.learnerId().toString())
                .claim(LESSON_CLAIM, grant.lessonId().toString())
                .issueTime(Date.from(grant.issuedAt()))
                .expirationTime(Date.from(grant.expiresAt()))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(TYPE).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a playback grant", e);
        }
        return jwt.serialize();
    }

    /**
     * The grant if it is one of ours (signature, algorithm, type, every claim present); empty otherwise. Whether it
     * names the right learner and lesson, and whether an instant falls inside it, is the caller's question.
     */
    public Optional<PlaybackGrant> read(String compact) {
        if (compact == null || compact.isBlank() || compact.length() > 2048) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(compact.strip());
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !TYPE.equals(jwt.getHeader().getType())
                    || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            String lesson = claims.getStringClaim(LESSON_CLAIM);
            if (claims.getSubject() == null || lesson == null || claims.getIssueTime() == null
                    || claims.getExpirationTime() == null) {
                return Optional.empty();
            }
            Instant issuedAt = claims.getIssueTime().toInstant();
            Instant expiresAt = claims.getExpirationTime().toInstant();
            if (expiresAt.isBefore(issuedAt)) {
                return Optional.empty();
            }
            return Optional.of(new PlaybackGrant(UUID.fromString(claims.getSubject()), UUID.fromString(lesson),
                    issuedAt, expiresAt));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
