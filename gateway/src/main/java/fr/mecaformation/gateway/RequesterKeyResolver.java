package fr.mecaformation.gateway;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rate-limit buckets: one per authenticated subject (learner, trainer, or a partner's service account), one per
 * client address for anonymous reads, so one noisy user never spends another's budget. Routes that create something
 * for anonymous callers (registration) key by address whatever the token ({@link #byAddress}): a token is free to
 * get once one has an account, so it must not buy a fresh bucket.
 */
@Component
public class RequesterKeyResolver implements KeyResolver {

    private final ClientAddresses addresses;

    public RequesterKeyResolver(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public Mono<String> resolve(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .map(principal -> "sub:" + principal.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> byAddress(exchange)));
    }

    /** The client address's bucket (IPv6: its /64), trusting forwarded headers only from configured proxies. */
    public String byAddress(ServerWebExchange exchange) {
        return addresses.of(exchange.getRequest()).map(ClientAddresses::bucket).orElse("ip:unknown");
    }
}
