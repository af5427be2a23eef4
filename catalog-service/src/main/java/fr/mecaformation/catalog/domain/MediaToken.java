package fr.mecaformation.catalog.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The proof, carried in a media URL's path, that the platform let someone play one video until a given instant:
 * {@code <videoId>.<expiry epoch seconds>.<HMAC-SHA256>}. In the path rather than the query so the relative URLs
 * inside HLS playlists (renditions, segments) carry it along without rewriting the playlists.
 */
public record MediaToken(UUID videoId, Instant expiresAt) {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    public String sign(byte[] key) {
        String claims = videoId + "." + expiresAt.getEpochSecond();
        return claims + "." + BASE64.encodeToString(mac(key, claims));
    }

    /** The token's claims if its signature is ours and it has not expired at {@code now}; empty otherwise. */
    public static Optional<MediaToken> verify(String token, byte[] key, Instant now) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > 12) {
            return Optional.empty();
        }
        try {
            byte[] expected = mac(key, parts[0] + "." + parts[1]);
            byte[] given = Base64.getUrlDecoder().decode(parts[2]);
            MediaToken claims = new MediaToken(UUID.fromString(parts[0]), Instant.ofEpochSecond(Long.parseLong(parts[1])));
            if (!MessageDigest.isEqual(expected, given) || !now.isBefore(claims.expiresAt())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private static byte[] mac(byte[] key, String claims) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(claims.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
