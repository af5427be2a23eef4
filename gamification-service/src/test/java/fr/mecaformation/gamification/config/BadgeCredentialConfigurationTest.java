package fr.mecaformation.gamification.config;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.platform.security.Secrets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile gamification-service does not start without its badge signing key (as progress's). */
class BadgeCredentialConfigurationTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(BadgeCredentialConfiguration.class);

    @Test
    void without_a_badge_key_outside_the_local_profile_the_context_fails_naming_its_variable() {
        context.run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("BADGE_SIGNING_KEY");
        });
    }

    @Test
    void a_configured_key_or_key_set_signs() throws Exception {
        String jwk = new OctetKeyPairGenerator(Curve.Ed25519).keyID("b1").generate().toJSONString();
        context.withPropertyValues("meca.gamification.badge-credentials.signing-key=" + jwk).run(started ->
                assertThat(started).hasNotFailed().getBean(CertificateSigningKey.class)
                        .extracting(CertificateSigningKey::keyId).isEqualTo("b1"));
        String set = "{\"keys\":[" + new OctetKeyPairGenerator(Curve.Ed25519).keyID("b2").generate().toJSONString() + ","
                + new OctetKeyPairGenerator(Curve.Ed25519).keyID("b3").generate().toPublicJWK().toJSONString() + "]}";
        context.withPropertyValues("meca.gamification.badge-credentials.signing-keys=" + set).run(started ->
                assertThat(started).hasNotFailed().getBean(CertificateSigningKey.class)
                        .satisfies(key -> assertThat(key.keyIds()).containsExactly("b2", "b3")));
    }

    @Test
    void in_the_local_profile_a_throw_away_key_stands_in() {
        context.withPropertyValues("spring.profiles.active=local").run(started -> assertThat(started).hasNotFailed()
                .hasSingleBean(CertificateSigningKey.class));
    }
}
