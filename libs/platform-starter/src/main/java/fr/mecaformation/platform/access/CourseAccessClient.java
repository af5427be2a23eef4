package fr.mecaformation.platform.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import fr.mecaformation.platform.resilience.DependencyBreakers;
import fr.mecaformation.web.problem.DomainException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.UUID;

/**
 * Asks catalog-service whether a learner may follow a course ({@code GET /api/catalog/access}), for the services
 * that gate content on enrolment (progress, quizzes, bookings). Answers are cached briefly, a refusal more briefly
 * than a grant (a purchase must show at once; a refund may take {@code grantedFor} to reach a cache, or be
 * forgotten at once by a listener of {@code EnrolmentRevoked}). Calls go through a circuit breaker and a timeout: a
 * catalog that does not answer gives a quick 503 problem instead of piling up waiting requests.
 */
public class CourseAccessClient {

    public static final String DEPENDENCY = "catalog-service";

    private record Key(UUID courseId, UUID learnerId) {
    }

    private record Answer(boolean granted) {
    }

    private record AccessResponse(UUID courseId, UUID learnerId, boolean granted) {
    }

    private final WebClient catalog;
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final Cache<Key, Answer> answers;

    /**
     * @param catalog    a client whose base URL reaches catalog-service (load-balanced {@code http://catalog-service}
     *                   in a service, a plain URL in tests)
     * @param grantedFor how long a grant is trusted without asking again
     * @param deniedFor  how long a refusal is
     */
    public CourseAccessClient(WebClient catalog, Duration timeout, Duration grantedFor, Duration deniedFor) {
        this(catalog, timeout, grantedFor, deniedFor, Ticker.systemTicker());
    }

    /** @param ticker the cache's clock: the system's, or a test's that it moves itself */
    CourseAccessClient(WebClient catalog, Duration timeout, Duration grantedFor, Duration deniedFor, Ticker ticker) {
        this.catalog = catalog;
        this.timeout = timeout;
        this.breaker = CircuitBreaker.of(DEPENDENCY + "-access", DependencyBreakers.config());
        this.answers = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(100_000)
                .expireAfter(new Expiry<Key, Answer>() {
                    @Override
                    public long expireAfterCreate(Key key, Answer answer, long now) {
                        return (answer.granted() ? grantedFor : deniedFor).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Answer answer, long now, long remaining) {
                        return expireAfterCreate(key, answer, now);
                    }

                    @Override
                    public long expireAfterRead(Key key, Answer answer, long now, long remaining) {
                        return remaining;
                    }
                })
                .build();
    }

    /**
     * Whether {@code learnerId} may follow {@code courseId}. {@code bearerToken} is relayed to catalog-service: the
     * learner's own token (they may ask about themselves) or a service's.
     */
    public Mono<Boolean> hasAccess(UUID courseId, UUID learnerId, String bearerToken) {
        Key key = new Key(courseId, learnerId);
        Answer cached = answers.getIfPresent(key);
        if (cached != null) {
            return Mono.just(cached.granted());
        }
        return catalog.get()
                .uri(uri -> uri.path("/api/catalog/access").queryParam("courseId", courseId).queryParam("learnerId", learnerId).build())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .retrieve()
                .bodyToMono(AccessResponse.class)
                .timeout(timeout)
                .onErrorMap(error -> error instanceof WebClientResponseException.Forbidden
                                || error instanceof WebClientResponseException.Unauthorized,
                        refused -> new DomainException.Forbidden("Vous ne pouvez consulter que vos propres accès."))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(error -> !(error instanceof DomainException), error -> new DomainException.Unavailable(DEPENDENCY, error))
                .doOnNext(response -> answers.put(key, new Answer(response.granted())))
                .map(AccessResponse::granted);
    }

    /** Drops what is known of one enrolment, e.g. on {@code EnrolmentRevoked}, so the next check asks again. */
    public void forget(UUID courseId, UUID learnerId) {
        answers.invalidate(new Key(courseId, learnerId));
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }
}
