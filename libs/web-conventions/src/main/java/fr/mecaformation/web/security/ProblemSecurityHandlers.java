package fr.mecaformation.web.security;

import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/** 401 and 403 as problem+json, with the RFC 6750 {@code WWW-Authenticate} challenge a bearer client expects. */
public final class ProblemSecurityHandlers {

    private ProblemSecurityHandlers() {
    }

    public static ServerAuthenticationEntryPoint authenticationEntryPoint() {
        return (exchange, failure) -> {
            String challenge = failure instanceof InvalidBearerTokenException
                    ? "Bearer error=\"invalid_token\", error_description=\"Jeton invalide ou expiré\""
                    : "Bearer";
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
            return ProblemWriter.write(exchange, Problems.unauthorized());
        };
    }

    public static ServerAccessDeniedHandler accessDeniedHandler() {
        return (exchange, denied) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
            return ProblemWriter.write(exchange, Problems.forbidden());
        };
    }
}
