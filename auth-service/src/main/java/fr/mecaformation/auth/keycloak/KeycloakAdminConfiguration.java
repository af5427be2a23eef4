package fr.mecaformation.auth.keycloak;

import org.jboss.resteasy.client.jaxrs.internal.ResteasyClientBuilderImpl;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import fr.mecaformation.platform.resilience.DependencyBreakers;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import fr.mecaformation.platform.security.Secrets;

import java.util.concurrent.TimeUnit;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KeycloakProperties.class, VerificationEmailProperties.class})
public class KeycloakAdminConfiguration {

    /**
     * The breaker counts only Keycloak failing or too slow: answers about the request itself (duplicate e-mail,
     * password policy) are domain errors and must not open it.
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> keycloakCircuitBreaker(KeycloakProperties properties) {
        return factory -> factory.configure(breaker -> breaker
                .circuitBreakerConfig(DependencyBreakers.config())
                .timeLimiterConfig(TimeLimiterConfig.custom()
                        // one use case makes several admin calls: the limiter bounds them together, and each call
                        // is bounded by the client's own read timeout (a cold Keycloak's first user creation took
                        // more than the 4 s this limiter once allowed for a whole registration, on a busy machine)
                        .timeoutDuration(properties.operationTimeout())
                        .build()), IdentityProvider.NAME);
    }

    /**
     * The admin client, logged in with the meca-services service account (client credentials). Short timeouts:
     * a registration waits on it, and the circuit breaker needs failures to arrive quickly to open.
     */
    @Bean(destroyMethod = "close")
    Keycloak keycloakAdmin(KeycloakProperties properties, Environment environment) {
        // no default outside the local profile: the service does not start without the service account's secret
        Secrets.check(environment, "meca.keycloak.client-secret", "KEYCLOAK_SERVICES_SECRET");
        return KeycloakBuilder.builder()
                .serverUrl(properties.url())
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .resteasyClient(new ResteasyClientBuilderImpl()
                        .connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .connectionPoolSize(16)
                        .build())
                .build();
    }
}
