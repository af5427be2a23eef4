package fr.mecaformation.platform.access;

import fr.mecaformation.web.problem.DomainException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client's own behaviour (caching, token relay, breaker, timeout) against a stand-in for the access endpoint
 * on a real socket. That the real catalog-service answers it is checked end to end (PlatformEndToEndIT).
 */
class CourseAccessClientTest {

    static final UUID COURSE = UUID.randomUUID();
    static final UUID LEARNER = UUID.randomUUID();

    final Set<UUID> enrolled = ConcurrentHashMap.newKeySet();
    final AtomicInteger calls = new AtomicInteger();
    final Map<String, String> lastAuthorization = new ConcurrentHashMap<>();
    volatile Duration delay = Duration.ZERO;
    /** The cache's clock, in nanoseconds, moved by the tests: cache lifetimes are checked without sleeping. */
    final AtomicLong cacheClock = new AtomicLong();
    DisposableServer catalog;
    CourseAccessClient client;

    @BeforeEach
    void start() {
        catalog = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes.get("/api/catalog/access", (request, response) -> {
            calls.incrementAndGet();
            lastAuthorization.put("value", request.requestHeaders().get("Authorization"));
            String query = request.uri().substring(request.uri().indexOf('?') + 1);
            if (request.requestHeaders().get("Authorization").endsWith("someone-else")) {
                return response.status(403).send();
            }
            UUID learner = UUID.fromString(query.replaceAll(".*learnerId=([^&]+).*", "$1"));
            String body = "{\"courseId\":\"" + COURSE + "\",\"learnerId\":\"" + learner + "\",\"granted\":" + enrolled.contains(learner) + "}";
            return Mono.delay(delay).then(response.header("Content-Type", "application/json").sendString(Mono.just(body)).then());
        })).bindNow();
        // caching and forbidden answers don't depend on the timeout: a generous one, so a cold first connection on
        // a busy machine never decides them
        client = clientWithTimeout(Duration.ofSeconds(30));
    }

    private CourseAccessClient clientWithTimeout(Duration timeout) {
        return new CourseAccessClient(WebClient.create("http://127.0.0.1:" + catalog.port()), timeout,
                Duration.ofSeconds(5), Duration.ofMillis(300), cacheClock::get);
    }

    @AfterEach
    void stop() {
        catalog.disposeNow();
    }

    @Test
    void answers_are_cached_a_refusal_more_briefly_than_a_grant_and_the_token_is_relayed() {
        assertThat(client.hasAccess(COURSE, LEARNER, "learner-token").block()).isFalse();
        assertThat(lastAuthorization.get("value")).isEqualTo("Bearer learner-token");
        enrolled.add(LEARNER);
        assertThat(client.hasAccess(COURSE, LEARNER, "learner-token").block()).as("refusal still cached").isFalse();
        cacheClock.addAndGet(Duration.ofMillis(450).toNanos());
        assertThat(client.hasAccess(COURSE, LEARNER, "learner-token").block()).as("refusal expired: asked again").isTrue();
        assertThat(calls).hasValue(2);

        enrolled.remove(LEARNER);
        assertThat(client.hasAccess(COURSE, LEARNER, "learner-token").block()).as("grant still cached").isTrue();
        client.forget(COURSE, LEARNER);
        assertThat(client.hasAccess(COURSE, LEARNER, "learner-token").block()).as("forgotten on revocation").isFalse();
        assertThat(calls).hasValue(3);
    }

    @Test
    void asking_about_someone_else_is_forbidden_and_does_not_count_against_the_catalog() {
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.hasAccess(COURSE, UUID.randomUUID(), "someone-else").block())
                    .isInstanceOf(DomainException.Forbidden.class);
        }
        assertThat(client.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void a_slow_or_absent_catalog_gives_a_quick_503_and_opens_the_breaker_so_later_calls_do_not_wait() {
        // the first call of a JVM loads Reactor Netty and opens a connection: done here, on a client whose timeout
        // can't be reached, so the timed calls below measure the timeout and nothing of a cold start
        assertThat(client.hasAccess(COURSE, LEARNER, "token").block()).isFalse();
        CourseAccessClient impatient = clientWithTimeout(Duration.ofSeconds(1));
        Duration catalogDelay = Duration.ofSeconds(30);
        delay = catalogDelay;
        long started = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> impatient.hasAccess(COURSE, UUID.randomUUID(), "token").block())
                    .isInstanceOf(DomainException.Unavailable.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("4 timeouts, not 4 waits for the catalog")
                .isLessThan(catalogDelay);
        assertThat(impatient.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        int before = calls.get();
        catalog.disposeNow();
        assertThatThrownBy(() -> impatient.hasAccess(COURSE, UUID.randomUUID(), "token").block())
                .isInstanceOf(DomainException.Unavailable.class);
        assertThat(calls).as("an open breaker does not call").hasValue(before);
    }
}
