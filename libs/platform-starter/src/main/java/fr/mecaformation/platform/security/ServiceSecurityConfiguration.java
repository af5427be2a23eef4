package fr.mecaformation.platform.security;

import fr.mecaformation.platform.http.PublicAnswerCaching;
import org.springframework.beans.factory.annotation.Value;
import java.time.Duration;

import fr.mecaformation.web.security.BearerTokenSecurity;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every service is a resource server for the platform's Keycloak realm. Issuer, signature and expiry are checked
 * by Spring's decoder (issuer-uri / jwk-set-uri); the audience check comes from
 * {@code spring.security.oauth2.resourceserver.jwt.audiences}, which the platform defaults set to meca-api, so a
 * token Keycloak minted for another client is refused here as well as at the gateway.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration")
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@EnableConfigurationProperties(ServiceSecurityProperties.class)
public class ServiceSecurityConfiguration {

    @Bean
    SecurityWebFilterChain platformSecurity(ServerHttpSecurity http, ServiceSecurityProperties properties,
                                            ApplicationContext context) {
        return BearerTokenSecurity.apply(http, properties.publicGetPaths(), properties.publicPostPaths())
                // the use case's role rule, before the body is read (HandlerRoleCheck says why)
                .addFilterAfter(new HandlerRoleCheck(context), SecurityWebFiltersOrder.AUTHORIZATION)
                .build();
    }

    /** ETag, 304 and Cache-Control on the public reads; they are the ones worth caching, and safe to. */
    @Bean
    PublicAnswerCaching publicAnswerCaching(ServiceSecurityProperties properties,
                                            @Value("${meca.http.public-max-age:60s}") Duration maxAge) {
        return new PublicAnswerCaching(properties.publicGetPaths(), maxAge);
    }
}
