package fr.mecaformation.web;

import org.springframework.web.server.ServerWebExchange;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id that follows one user request through the gateway, the services and their events. The gateway sets it
 * when the client did not; tracing baggage carries it to logs and downstream calls.
 */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";

    // Client-supplied ids end up in logs: accept only a plain token, never arbitrary text.
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private CorrelationId() {
    }

    public static Optional<String> of(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getHeaders().getFirst(HEADER)).filter(CorrelationId::isAcceptable);
    }

    public static boolean isAcceptable(String value) {
        return ACCEPTABLE.matcher(value).matches();
    }
}
