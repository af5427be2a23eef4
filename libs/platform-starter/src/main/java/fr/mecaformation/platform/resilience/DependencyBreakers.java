package fr.mecaformation.platform.resilience;

import fr.mecaformation.web.problem.DomainException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.time.Duration;

/**
 * How every call to another system (Keycloak, catalog-service, Stripe…) is guarded: after 4 calls, half of the
 * last 10 failing opens the breaker for 5 s, then 2 trial calls decide. Only the dependency failing or too slow
 * counts: a {@link DomainException} is an answer about the request itself and must not open it.
 */
public final class DependencyBreakers {

    private DependencyBreakers() {
    }

    public static CircuitBreakerConfig config() {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(5))
                .permittedNumberOfCallsInHalfOpenState(2)
                .ignoreExceptions(DomainException.class)
                .build();
    }
}
