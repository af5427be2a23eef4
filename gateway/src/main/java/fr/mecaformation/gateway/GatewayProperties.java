package fr.mecaformation.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * @param publicGetPaths   reads that need no token (the published catalog); a token that is present is still checked
 * @param publicPostPaths  writes that need no token (registration)
 * @param maxRequestSize   bodies declared larger are refused here, before they cross the network again
 * @param uploadPaths      paths that take files (lesson videos): their bodies may reach {@code maxUploadSize}
 * @param maxUploadSize    the declared-size limit on upload paths; the service checks the real size again
 * @param rateLimit        tokens per second and burst per user (or per client address when anonymous)
 * @param trustedProxies   CIDRs of the proxies in front of the gateway (load balancer, ingress) whose forwarded
 *                         header names the client; empty (the default): the TCP peer is the client, whatever it sends
 * @param forwardedHeader  which header those proxies set: {@code X-Forwarded-For} (default) or {@code Forwarded}
 * @param apiDocs          serve the aggregated OpenAPI documents and Swagger UI (the {@code local} profile only)
 */
@ConfigurationProperties("meca.gateway")
public record GatewayProperties(@DefaultValue List<String> publicGetPaths,
                                @DefaultValue List<String> publicPostPaths,
                                @DefaultValue("1MB") DataSize maxRequestSize,
                                @DefaultValue List<String> uploadPaths,
                                @DefaultValue("2GB") DataSize maxUploadSize,
                                @DefaultValue RateLimit rateLimit,
                                @DefaultValue List<String> trustedProxies,
                                @DefaultValue("X-Forwarded-For") String forwardedHeader,
                                @DefaultValue("false") boolean apiDocs) {

    public record RateLimit(@DefaultValue("20") int replenishRate, @DefaultValue("40") int burstCapacity) {
    }
}
