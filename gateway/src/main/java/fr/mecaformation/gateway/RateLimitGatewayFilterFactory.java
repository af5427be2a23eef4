package fr.mecaformation.gateway;

import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Spring Cloud Gateway's Redis token bucket ({@link RedisRateLimiter}, the one behind {@code RequestRateLimiter}),
 * answering a refusal the platform's way: 429 problem+json with {@code Retry-After}, which the stock filter omits.
 * Use as {@code - RateLimit} on a route.
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    private final RedisRateLimiter limiter;
    private final RequesterKeyResolver keys;
    private final long retryAfterSeconds;

    public RateLimitGatewayFilterFactory(RedisRateLimiter limiter, RequesterKeyResolver keys, GatewayProperties properties) {
        this.limiter = limiter;
        this.keys = keys;
        // one request's token is back after 1/rate seconds; Retry-After takes whole seconds
        this.retryAfterSeconds = Math.max(1, (long) Math.ceil(1.0 / properties.rateLimit().replenishRate()));
    }

    @Override
    public GatewayFilter apply(Object config) {
        return (exchange, chain) -> keys.resolve(exchange).flatMap(key -> {
            Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            String routeId = route == null ? "default" : route.getId();
            return limiter.isAllowed(routeId, key).flatMap(response -> {
                response.getHeaders().forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value));
                if (response.isAllowed()) {
                    return chain.filter(exchange);
                }
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
                return ProblemWriter.write(exchange, Problems.tooManyRequests(retryAfterSeconds));
            });
        });
    }
}
