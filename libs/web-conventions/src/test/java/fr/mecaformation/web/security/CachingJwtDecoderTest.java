package fr.mecaformation.web.security;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    final AtomicInteger decodings = new AtomicInteger();

    /** Accepts "good-…" tokens expiring 5 min after NOW; refuses anything else, and anything past its expiry. */
    final ReactiveJwtDecoder keycloak = token -> {
        decodings.incrementAndGet();
        if (!token.startsWith("good-") || !now.get().isBefore(NOW.plusSeconds(300))) {
            return Mono.error(new BadJwtException("refused"));
        }
        return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("learner")
                .issuedAt(NOW).expiresAt(NOW.plusSeconds(300)).build());
    };

    final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    final Ticker ticker = () -> Duration.between(NOW, now.get()).toNanos();
    final CachingJwtDecoder decoder = new CachingJwtDecoder(keycloak, 100, clock, ticker);

    @Test
    void a_validated_token_is_decoded_once_while_it_lives() {
        for (int request = 0; request < 5; request++) {
            assertThat(decoder.decode("good-1").block().getSubject()).isEqualTo("learner");
        }
        assertThat(decodings).hasValue(1);
    }

    @Test
    void a_remembered_token_past_its_expiry_is_refused() {
        decoder.decode("good-1").block();
        now.set(NOW.plusSeconds(301));
        assertThatThrownBy(() -> decoder.decode("good-1").block()).isInstanceOf(BadJwtException.class);
        assertThat(decodings).hasValue(2);
    }

    @Test
    void refusals_are_never_remembered() {
        for (int request = 0; request < 3; request++) {
            assertThatThrownBy(() -> decoder.decode("forged").block()).isInstanceOf(BadJwtException.class);
        }
        assertThat(decodings).hasValue(3);
    }
}
