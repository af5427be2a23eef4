package fr.mecaformation.gateway;

import fr.mecaformation.testsupport.RedisSupport;
import fr.mecaformation.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's edge, running on real ports against real Redis, as deployed (not the local profile) with a proxy
 * configured that is not the test's loopback: management only on its own port, no API docs, registration keyed by
 * the TCP peer whatever the headers or token, sized for a classroom behind one NAT, and refused when Redis is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "eureka.client.enabled=false",
        "spring.data.redis.database=7",
        "meca.gateway.trusted-proxies=10.0.0.0/8",
        "logging.structured.format.console="})
@Import(GatewayTestSupport.LocalTokens.class)
class GatewayEdgeIT {

    static final TcpProxy REDIS = TcpProxy.to(RedisSupport.server().host(), RedisSupport.server().port());

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", REDIS::port);
        registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", GatewayTestSupport::servicesUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", GatewayTestSupport::servicesUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.gamification-service[0].uri", GatewayTestSupport::servicesUrl);
    }

    @AfterAll
    static void closeProxy() {
        REDIS.close();
    }

    @Value("${local.server.port}")
    int port;
    @Value("${local.management.port}")
    int managementPort;
    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient gateway;

    @BeforeEach
    void bind() {
        REDIS.restore();
        awaitRedis();
        GatewayTestSupport.emptyBuckets(redis);
        gateway = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void actuator_and_prometheus_answer_only_on_the_management_port_and_api_docs_are_off() {
        for (String path : new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/actuator"}) {
            gateway.get().uri(path).exchange().expectStatus().isNotFound();
        }
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build();
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("jvm_memory_used_bytes"));

        for (String path : new String[] {"/v3/api-docs", "/v3/api-docs/catalog", "/v3/api-docs/auth", "/swagger-ui.html",
                "/swagger-ui/index.html"}) {
            gateway.get().uri(path).exchange().expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void badge_credentials_are_checked_without_a_token_and_nothing_else_of_gamification_is() {
        String id = java.util.UUID.randomUUID().toString();
        for (String path : new String[] {"/api/gamification/badges/credentials/keys",
                "/api/gamification/badges/credentials/log/head", "/api/gamification/badges/credentials/log/consistency?from=1&to=2",
                "/api/gamification/badges/credentials/revocations", "/api/gamification/badges/credentials/" + id}) {
            gateway.get().uri(path).exchange().expectStatus().isOk();
        }
        gateway.post().uri("/api/gamification/badges/credentials/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"credential\":\"x\"}").exchange().expectStatus().isOk();
        // the patterns are no wider than the checks: the rest of gamification still needs a person's token
        for (String path : new String[] {"/api/gamification/me", "/api/gamification/badges",
                "/api/gamification/badges/credentials/" + id + "/other", "/api/gamification/admin/rules"}) {
            gateway.get().uri(path).exchange().expectStatus().isUnauthorized();
        }
        gateway.post().uri("/api/gamification/admin/badges/credentials/" + id + "/revocation")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"FRAUD\"}").exchange()
                .expectStatus().isUnauthorized();
        gateway.post().uri("/api/gamification/badges/credentials/" + id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void a_classroom_of_thirty_registers_from_one_address_and_a_script_is_refused_whatever_headers_or_token_it_sends() {
        // 30 apprentices behind the CFA's NAT, as fast as they can type (well within two minutes)
        for (int apprentice = 1; apprentice <= 30; apprentice++) {
            register(null, null).expectStatus().isCreated();
        }
        // a script carrying on from the same address: the burst ends at 40, then one account a minute
        for (int more = 31; more <= 40; more++) {
            register(null, null).expectStatus().isCreated();
        }
        register(null, null).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().valueEquals("Retry-After", "60")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.title").isEqualTo("Trop de requêtes");
        // a forged forwarded address from a peer that is no configured proxy buys no new bucket, nor does a token
        register("X-Forwarded-For", "203.0.113.77").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        register("Forwarded", "for=203.0.113.78").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        gateway.post().uri("/api/auth/register").headers(headers -> headers.setBearerAuth(GatewayTestSupport.token("someone")))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // other routes have their own budget, per requester
        gateway.get().uri("/api/catalog/courses").exchange().expectStatus().isOk();
    }

    @Test
    void without_redis_registration_is_refused_with_a_503_and_other_routes_go_on_unlimited() {
        REDIS.cut();
        try {
            register(null, null).expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                            .contains("inscriptions sont momentanément suspendues"));
            // the platform's other routes keep Spring Cloud Gateway's behaviour: let through, without a limit
            gateway.get().uri("/api/catalog/courses").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Remaining", "-1");
        } finally {
            REDIS.restore();
        }
        // once the client has reconnected, registration is served again
        awaitRedis();
        register(null, null).expectStatus().isCreated();
    }

    /** Lettuce reconnects on its own after an outage, with a backoff: wait until it answers again. */
    private void awaitRedis() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> redis.hasKey("ping").block(Duration.ofSeconds(2)) != null);
    }

    private WebTestClient.ResponseSpec register(String header, String value) {
        return gateway.post().uri("/api/auth/register")
                .headers(headers -> {
                    if (header != null) {
                        headers.set(header, value);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
