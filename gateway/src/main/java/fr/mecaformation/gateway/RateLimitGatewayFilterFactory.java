package fr.mecaformation.gateway;

import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.HasRouteId;
import fr.mecaformation.web.problem.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Component;

/**
 * Spring Cloud Gateway's Redis token bucket ({@link RedisRateLimiter}, the one behind {@code RequestRateLimiter}),
 * answering a refusal the platform's way: 429 problem+json with {@code Retry-After}, which the stock filter omits.
 * Use as {@code - RateLimit} on a route for the platform's default budget, or with {@code replenishRate},
 * {@code burstCapacity} and {@code requestedTokens} for a route that needs a stricter one (registration: one
 * request costs {@code requestedTokens}, so rates below one per second are possible). Buckets are per route and
 * per requester; {@code keyBy: address} keys by client address whatever the token (registration).
 * <p>
 * When Redis does not answer, Spring Cloud Gateway's limiter lets the request through (it reports -1 tokens left):
 * the platform's routes stay up without their limit. A route with {@code failClosed: true} (registration, which
 * creates accounts for anonymous callers) refuses instead, with a 503 problem in French.
 */
@Component
public class RateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<RateLimitGatewayFilterFactory.Config> {

    private final RedisRateLimiter limiter;
    private final RequesterKeyResolver keys;
    private final GatewayProperties.RateLimit defaults;

    public RateLimitGatewayFilterFactory(RedisRateLimiter limiter, RequesterKeyResolver keys, GatewayProperties properties) {
        super(Config.class);
        this.limiter = limiter;
        this.keys = keys;
        this.defaults = properties.rateLimit();
    }

    @Override
    public GatewayFilter apply(Config config) {
        String routeId = config.getRouteId();
        int rate = defaults.replenishRate();
        int requested = 1;
        if (config.getReplenishRate() != null) {
            rate = config.getReplenishRate();
            requested = config.getRequestedTokens() == null ? 1 : config.getRequestedTokens();
            int burst = config.getBurstCapacity() == null ? rate * 2 : config.getBurstCapacity();
            limiter.getConfig().put(routeId, new RedisRateLimiter.Config()
                    .setReplenishRate(rate).setBurstCapacity(burst).setRequestedTokens(requested));
        }
        // a refused request's tokens are back after requested/rate seconds; Retry-After takes whole seconds
        long retryAfterSeconds = Math.max(1, (long) Math.ceil((double) requested / rate));
        boolean byAddress = "address".equalsIgnoreCase(config.getKeyBy());
        boolean failClosed = Boolean.TRUE.equals(config.getFailClosed());
        return (exchange, chain) -> (byAddress ? Mono.fromSupplier(() -> keys.byAddress(exchange)) : keys.resolve(exchange))
                .flatMap(key -> limiter.isAllowed(routeId, key).flatMap(response -> {
            if (failClosed && "-1".equals(response.getHeaders().get(limiter.getRemainingHeader()))) {
                // the limiter could not reach Redis: this route is never served unlimited
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "30");
                return ProblemWriter.write(exchange, Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "limite-indisponible",
                        "Service momentanément indisponible", "Les inscriptions sont momentanément suspendues : "
                                + "réessayez dans quelques minutes.").with("retryAfterSeconds", 30));
            }
            response.getHeaders().forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value));
            if (response.isAllowed()) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            return ProblemWriter.write(exchange, Problems.tooManyRequests(retryAfterSeconds));
        }));
    }

    public static class Config implements HasRouteId {

        private String routeId;
        private Integer replenishRate;
        private Integer burstCapacity;
        private Integer requestedTokens;
        private String keyBy;
        private Boolean failClosed;

        public String getKeyBy() {
            return keyBy;
        }

        /** {@code requester} (default: the token's subject, else the client address) or {@code address}. */
        public void setKeyBy(String keyBy) {
            this.keyBy = keyBy;
        }

        public Boolean getFailClosed() {
            return failClosed;
        }

        /** Refuse (503) rather than let requests through unlimited when Redis does not answer. */
        public void setFailClosed(Boolean failClosed) {
            this.failClosed = failClosed;
        }

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }

        public Integer getReplenishRate() {
            return replenishRate;
        }

        public void setReplenishRate(Integer replenishRate) {
            this.replenishRate = replenishRate;
        }

        public Integer getBurstCapacity() {
            return burstCapacity;
        }

        public void setBurstCapacity(Integer burstCapacity) {
            this.burstCapacity = burstCapacity;
        }

        public Integer getRequestedTokens() {
            return requestedTokens;
        }

        public void setRequestedTokens(Integer requestedTokens) {
            this.requestedTokens = requestedTokens;
        }
    }
}
