package fr.mecaformation.auth.keycloak;

import fr.mecaformation.platform.security.Secrets;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the local profile auth-service does not start without the meca-services service account's secret. */
class ServiceAccountSecretTest {

    final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(KeycloakAdminConfiguration.class)
            .withPropertyValues("meca.keycloak.url=http://localhost:1", "meca.keycloak.realm=meca",
                    "meca.keycloak.client-id=meca-services", "meca.keycloak.connect-timeout=1s", "meca.keycloak.read-timeout=1s");

    @Test
    void without_the_secret_outside_the_local_profile_the_context_fails() {
        context.run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause().isInstanceOf(Secrets.MissingSecretException.class)
                    .hasMessageContaining("KEYCLOAK_SERVICES_SECRET");
        });
    }

    @Test
    void with_the_secret_it_starts() {
        context.withPropertyValues("meca.keycloak.client-secret=s3cret").run(started ->
                assertThat(started).hasNotFailed().hasSingleBean(Keycloak.class));
    }
}
