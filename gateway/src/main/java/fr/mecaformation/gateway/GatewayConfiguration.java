package fr.mecaformation.gateway;

import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    RedisRateLimiter redisRateLimiter(GatewayProperties properties) {
        return new RedisRateLimiter(properties.rateLimit().replenishRate(), properties.rateLimit().burstCapacity());
    }

    /** Where a route's circuit breaker sends callers while its service is down or its circuit is open. */
    @Bean
    RouterFunction<ServerResponse> serviceUnavailableFallback() {
        return RouterFunctions.route()
                .route(request -> request.path().startsWith("/fallback/"), request -> {
                    String service = request.path().substring("/fallback/".length());
                    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .header(HttpHeaders.RETRY_AFTER, "10")
                            .bodyValue(ProblemWriter.body(request.exchange(), Problems.serviceUnavailable(service)));
                })
                .build();
    }

    /** Refuses a declared oversized body at once, as problem+json, instead of streaming it to a service. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    GlobalFilter requestSizeLimit(GatewayProperties properties) {
        long limit = properties.maxRequestSize().toBytes();
        return (exchange, chain) -> {
            long declared = exchange.getRequest().getHeaders().getContentLength();
            if (declared > limit) {
                return ProblemWriter.write(exchange, Problems.payloadTooLarge(limit));
            }
            return chain.filter(exchange);
        };
    }
}
