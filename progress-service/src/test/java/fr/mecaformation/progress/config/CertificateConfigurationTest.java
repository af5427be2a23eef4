package fr.mecaformation.progress.config;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import fr.mecaformation.platform.grant.PlaybackGrants;
import fr.mecaformation.platform.security.Secrets;
import fr.mecaformation.credentials.CertificateSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile progress-service does not start without its certificate keys and its grant key. */
class CertificateConfigurationTest {

    static final String GRANT_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(CertificateConfiguration.class);

    @Test
    void without_a_certificate_key_outside_the_local_profile_the_context_fails() {
        context.withPropertyValues("meca.playback-grant.key=" + GRANT_KEY).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("CERTIFICATE_SIGNING_KEY");
        });
    }

    @Test
    void without_a_playback_grant_key_outside_the_local_profile_the_context_fails() throws Exception {
        String jwk = new OctetKeyPairGenerator(Curve.Ed25519).keyID("k1").generate().toJSONString();
        context.withPropertyValues("meca.progress.certificates.signing-key=" + jwk).run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("PLAYBACK_GRANT_KEY");
        });
        context.withPropertyValues("meca.progress.certificates.signing-key=" + jwk, "meca.playback-grant.key=" + GRANT_KEY)
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(PlaybackGrants.class)
                        .getBean(CertificateSigningKey.class).extracting(CertificateSigningKey::keyId).isEqualTo("k1"));
    }

    @Test
    void in_the_local_profile_throw_away_keys_stand_in() {
        context.withPropertyValues("spring.profiles.active=local").run(started -> assertThat(started).hasNotFailed()
                .hasSingleBean(CertificateSigningKey.class).hasSingleBean(PlaybackGrants.class));
    }
}
