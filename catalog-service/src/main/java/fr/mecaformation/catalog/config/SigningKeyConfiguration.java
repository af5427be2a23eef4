package fr.mecaformation.catalog.config;

import fr.mecaformation.catalog.domain.MediaSigningKey;
import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.platform.security.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.security.SecureRandom;

/**
 * The keys catalog-service signs with: media links and playback grants. Outside the {@code local} profile both must
 * be configured (the service does not start otherwise): a random key would make links die with the instance and
 * grants that progress-service can't read.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MediaProperties.class)
public class SigningKeyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyConfiguration.class);

    @Bean
    MediaSigningKey mediaSigningKey(MediaProperties properties, Environment environment) {
        return Secrets.required(environment, properties.signingKey(), "meca.catalog.media.signing-key", "MEDIA_SIGNING_KEY")
                .map(MediaSigningKey::fromBase64)
                .orElseGet(() -> {
                    log.warn("meca.catalog.media.signing-key is not set (local profile): media links are signed with a "
                            + "random key and die with this instance");
                    byte[] key = new byte[32];
                    new SecureRandom().nextBytes(key);
                    return new MediaSigningKey(key);
                });
    }

    @Bean
    PlaybackGrants playbackGrants(Environment environment) {
        return PlaybackGrants.configured(environment);
    }
}
