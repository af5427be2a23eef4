package fr.mecaformation.booking.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The Jitsi deployment remote meetings happen on, with token authentication (prosody's {@code token} auth and
 * moderation by the token's {@code context.user.moderator}).
 *
 * @param baseUrl        where rooms are: a room's URL is {@code baseUrl/room}
 * @param appId          the JWT's {@code iss}, Jitsi's {@code app_id}
 * @param audience       the JWT's {@code aud} (Jitsi expects "jitsi" unless configured otherwise)
 * @param subject        the JWT's {@code sub}: the Jitsi domain (or tenant) the token is valid on
 * @param secret         Jitsi's {@code app_secret}, the HS256 key (32 bytes at least); blank: no moderator tokens
 * @param early          a moderator's token is valid from this long before the start (to open the room)
 * @param grace          and until this long after the end
 */
@ConfigurationProperties("meca.booking.video")
public record VideoProperties(@DefaultValue("https://visio.mecaformation.fr") String baseUrl,
                              @DefaultValue("mecaformation") String appId,
                              @DefaultValue("jitsi") String audience,
                              @DefaultValue("visio.mecaformation.fr") String subject,
                              @DefaultValue("") String secret,
                              @DefaultValue("30m") Duration early,
                              @DefaultValue("30m") Duration grace) {

    public VideoProperties {
        if (secret != null && !secret.isBlank() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            // HS256 with a shorter key is refused by the signer; say so at startup, not at the first meeting
            throw new IllegalArgumentException("meca.booking.video.secret: 32 octets au moins (HS256)");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public boolean signs() {
        return secret != null && !secret.isBlank();
    }
}
