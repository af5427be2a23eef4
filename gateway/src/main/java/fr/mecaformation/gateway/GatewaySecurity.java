package fr.mecaformation.gateway;

import fr.mecaformation.web.security.BearerTokenSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The gateway rejects bad tokens (signature, issuer, expiry, audience) before any service sees them and relays
 * good ones unchanged; each service checks them again, so a call that bypasses the gateway gains nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class GatewaySecurity {

    @Bean
    SecurityWebFilterChain securityFilterChain(ServerHttpSecurity http, GatewayProperties properties) {
        return BearerTokenSecurity.apply(http, properties.publicGetPaths(), properties.publicPostPaths()).build();
    }
}
