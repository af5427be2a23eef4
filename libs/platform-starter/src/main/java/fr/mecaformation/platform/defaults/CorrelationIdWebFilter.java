package fr.mecaformation.platform.defaults;

import fr.mecaformation.platform.outbox.CorrelationContext;
import fr.mecaformation.web.CorrelationId;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Echoes the request's correlation id (set by the gateway, or made here for direct calls) and hands it to the
 * outbox through the Reactor context, so the events a request causes carry it too.
 */
public class CorrelationIdWebFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id = CorrelationId.of(exchange).orElseGet(() -> UUID.randomUUID().toString());
        exchange.getResponse().getHeaders().set(CorrelationId.HEADER, id);
        return chain.filter(exchange).contextWrite(context -> context.put(CorrelationContext.KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
