package fr.mecaformation.catalog.config;

import fr.mecaformation.catalog.domain.MediaSigningKey;
import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.platform.security.Secrets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile catalog-service does not start without its signing keys. */
class SigningKeyConfigurationTest {

    static final String KEY = Base64.getEncoder().encodeToString(new byte[48]);

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SigningKeyConfiguration.class);

    @Test
    void without_a_media_signing_key_outside_the_local_profile_the_context_fails() {
        context.withPropertyValues("meca.playback-grant.key=" + KEY).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("MEDIA_SIGNING_KEY");
        });
    }

    @Test
    void without_a_playback_grant_key_outside_the_local_profile_the_context_fails() {
        context.withPropertyValues("meca.catalog.media.signing-key=" + KEY).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("PLAYBACK_GRANT_KEY");
        });
    }

    @Test
    void with_both_keys_it_starts_and_in_the_local_profile_throw_away_keys_stand_in() {
        context.withPropertyValues("meca.catalog.media.signing-key=" + KEY, "meca.playback-grant.key=" + KEY)
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(MediaSigningKey.class)
                        .hasSingleBean(PlaybackGrants.class));
        context.withPropertyValues("spring.profiles.active=local")
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(MediaSigningKey.class));
    }
}
