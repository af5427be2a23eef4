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
 */
@ConfigurationProperties("meca.gateway")
public record GatewayProperties(@DefaultValue List<String> publicGetPaths,
                                @DefaultValue List<String> publicPostPaths,
                                @DefaultValue("1MB") DataSize maxRequestSize,
                                @DefaultValue List<String> uploadPaths,
                                @DefaultValue("2GB") DataSize maxUploadSize,
                                @DefaultValue RateLimit rateLimit) {

    public record RateLimit(@DefaultValue("20") int replenishRate, @DefaultValue("40") int burstCapacity) {
    }
}
