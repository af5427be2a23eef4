package fr.mecaformation.web.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

import java.util.List;

/**
 * The stateless bearer-token setup shared by the gateway and the services: no session, no CSRF (no cookies are
 * trusted), no login form, problem+json on 401/403. A token that is present but invalid gets 401 even on public
 * paths, so a client never mistakes a rejected token for anonymous access.
 */
public final class BearerTokenSecurity {

    private BearerTokenSecurity() {
    }

    /**
     * @param publicGetPaths  reads anyone may make without a token
     * @param publicPostPaths writes anyone may make without a token (registration); a token that is present is
     *                        still checked everywhere
     */
    public static ServerHttpSecurity apply(ServerHttpSecurity http, List<String> publicGetPaths,
                                           List<String> publicPostPaths) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(ProblemSecurityHandlers.authenticationEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler()))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationEntryPoint(ProblemSecurityHandlers.authenticationEntryPoint())
                        .accessDeniedHandler(ProblemSecurityHandlers.accessDeniedHandler())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(KeycloakRealmRoles.authenticationConverter())))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll();
                    exchanges.pathMatchers("/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll();
                    if (!publicGetPaths.isEmpty()) {
                        exchanges.pathMatchers(HttpMethod.GET, publicGetPaths.toArray(String[]::new)).permitAll();
                    }
                    if (!publicPostPaths.isEmpty()) {
                        exchanges.pathMatchers(HttpMethod.POST, publicPostPaths.toArray(String[]::new)).permitAll();
                    }
                    exchanges.pathMatchers(HttpMethod.OPTIONS, "/**").permitAll();
                    exchanges.anyExchange().authenticated();
                });
    }
}
