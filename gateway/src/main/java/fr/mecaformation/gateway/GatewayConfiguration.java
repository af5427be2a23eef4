package fr.mecaformation.gateway;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import fr.mecaformation.web.problem.ProblemWriter;
import fr.mecaformation.web.problem.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);

    /**
     * Spring Cloud Gateway's own token bucket and Lua script, with the script's text read once. The autoconfigured
     * script is a file resource that Spring Data Redis checks for modification on every call: that check opened the
     * gateway's jar on each request and cost a fifth of its CPU under load (BENCHMARKS.md).
     */
    @Bean
    RedisRateLimiter redisRateLimiter(ReactiveStringRedisTemplate redis, ConfigurationService configurationService,
            GatewayProperties properties) throws IOException {
        String lua = new ClassPathResource("META-INF/scripts/request_rate_limiter.lua")
                .getContentAsString(StandardCharsets.UTF_8);
        @SuppressWarnings({"unchecked", "rawtypes"})
        RedisScript<List<Long>> script = (RedisScript) RedisScript.of(lua, List.class);
        RedisRateLimiter limiter = new RedisRateLimiter(redis, script, configurationService);
        limiter.getConfig().put(RouteDefinitionRouteLocator.DEFAULT_FILTERS, new RedisRateLimiter.Config()
                .setReplenishRate(properties.rateLimit().replenishRate())
                .setBurstCapacity(properties.rateLimit().burstCapacity()));
        return limiter;
    }

    /** Where a route's circuit breaker sends callers while its service is down or its circuit is open. */
    @Bean
    RouterFunction<ServerResponse> serviceUnavailableFallback() {
        return RouterFunctions.route()
                .route(request -> request.path().startsWith("/fallback/"), request -> {
                    String service = request.path().substring("/fallback/".length());
                    Throwable cause = request.exchange().getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
                    // what opened the circuit is worth a line; every call refused while it is open is not
                    if (cause != null && !(cause instanceof CallNotPermittedException)) {
                        log.warn("{} failed, answering 503: {}", service, cause.toString());
                    }
                    return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                            .header(HttpHeaders.RETRY_AFTER, "10")
                            .bodyValue(ProblemWriter.body(request.exchange(), Problems.serviceUnavailable(service)));
                })
                .build();
    }

    /**
     * Refuses a declared oversized body at once, as problem+json, instead of streaming it to a service. Upload
     * paths have their own, larger limit.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    GlobalFilter requestSizeLimit(GatewayProperties properties) {
        long requestLimit = properties.maxRequestSize().toBytes();
        long uploadLimit = properties.maxUploadSize().toBytes();
        List<PathPattern> uploads = properties.uploadPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
        return (exchange, chain) -> {
            long declared = exchange.getRequest().getHeaders().getContentLength();
            PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
            long limit = uploads.stream().anyMatch(upload -> upload.matches(path)) ? uploadLimit : requestLimit;
            if (declared > limit) {
                return ProblemWriter.write(exchange, Problems.payloadTooLarge(limit));
            }
            return chain.filter(exchange);
        };
    }

    /**
     * Outside the {@code local} profile the API documentation is not served: the aggregated OpenAPI documents (the
     * {@code /v3/api-docs/<service>} routes) and Swagger UI answer 404, before security or routing. They map every
     * route and parameter of the platform, which is a developer's tool, not something to hand to anyone who asks.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebFilter apiDocsOutsideLocalAndActuatorOffThePublicPort(GatewayProperties properties, Environment environment) {
        List<PathPattern> docs = List.of("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                "/webjars/swagger-ui/**").stream().map(PathPatternParser.defaultInstance::parse).toList();
        PathPattern actuator = PathPatternParser.defaultInstance.parse("/actuator/**");
        return (exchange, chain) -> {
            PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
            boolean hidden = !properties.apiDocs() && docs.stream().anyMatch(pattern -> pattern.matches(path));
            // actuator lives on the management port (management.server.port); on the public one it does not exist,
            // for anyone, token or not (without this, security would answer 401 and tell that something is there)
            hidden |= actuator.matches(path) && !onManagementPort(exchange, environment);
            if (hidden) {
                return ProblemWriter.write(exchange, Problems.notFound("Aucune ressource à cette adresse."));
            }
            return chain.filter(exchange);
        };
    }

    private static boolean onManagementPort(org.springframework.web.server.ServerWebExchange exchange, Environment environment) {
        String port = environment.getProperty("local.management.port", environment.getProperty("management.server.port", ""));
        java.net.InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && port.equals(Integer.toString(local.getPort()));
    }
}
