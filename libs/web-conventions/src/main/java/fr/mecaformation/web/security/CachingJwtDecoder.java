package fr.mecaformation.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers tokens that passed validation, until they expire. A player sends the same token with every heartbeat; each
 * decoding verifies an RSA signature and parses JSON again for an answer that can't change while the token lives
 * (the signature, issuer and audience of a given token string are what they are). What does change with time is
 * checked on every use: a remembered token past its {@code exp} is forgotten and goes through the full decoder again,
 * which refuses it. Refusals are never remembered. A signing key withdrawn from Keycloak's key set stops new tokens at
 * once; tokens it signed that were already seen here live on until they expire, at most the realm's access-token
 * lifespan (5 min).
 */
public final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> validated;

    public CachingJwtDecoder(ReactiveJwtDecoder delegate, long maximumTokens, Clock clock, Ticker ticker) {
        this.delegate = delegate;
        this.clock = clock;
        this.validated = Caffeine.newBuilder()
                .maximumSize(maximumTokens)
                .ticker(ticker)
                .expireAfter(new Expiry<String, Jwt>() {
                    @Override
                    public long expireAfterCreate(String token, Jwt jwt, long currentTime) {
                        Instant expiresAt = jwt.getExpiresAt();
                        Duration left = expiresAt == null ? Duration.ZERO : Duration.between(clock.instant(), expiresAt);
                        return Math.max(0, left.toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }

                    @Override
                    public long expireAfterRead(String token, Jwt jwt, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .build();
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        Jwt known = validated.getIfPresent(token);
        if (known != null && known.getExpiresAt() != null && clock.instant().isBefore(known.getExpiresAt())) {
            return Mono.just(known);
        }
        if (known != null) {
            validated.invalidate(token);
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (jwt.getExpiresAt() != null) {
                validated.put(token, jwt);
            }
        });
    }
}
