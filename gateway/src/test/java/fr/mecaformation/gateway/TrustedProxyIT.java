package fr.mecaformation.gateway;

import fr.mecaformation.testsupport.RedisSupport;
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

/**
 * Behind a configured proxy (here the test's loopback), the address the proxy forwards is the client's: each client
 * has its own registration bucket, and IPv6 clients share one per /64.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "eureka.client.enabled=false",
        "spring.data.redis.database=8",
        "meca.gateway.trusted-proxies=127.0.0.1/32,::1/128",
        "logging.structured.format.console="})
@Import(GatewayTestSupport.LocalTokens.class)
class TrustedProxyIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> RedisSupport.server().host());
        registry.add("spring.data.redis.port", () -> RedisSupport.server().port());
        registry.add("spring.cloud.discovery.client.simple.instances.auth-service[0].uri", GatewayTestSupport::servicesUrl);
    }

    @Value("${local.server.port}")
    int port;
    @Autowired
    ReactiveStringRedisTemplate redis;

    WebTestClient gateway;

    @BeforeEach
    void bind() {
        GatewayTestSupport.emptyBuckets(redis);
        gateway = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void the_forwarded_client_of_a_trusted_proxy_gets_its_own_bucket_and_ipv6_clients_one_per_64() {
        exhaust("198.51.100.7");
        register("198.51.100.8").expectStatus().isCreated();

        exhaust("2001:db8:1:2::1");
        register("2001:db8:1:2:ffff:eeee:dddd:cccc").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        register("2001:db8:1:3::1").expectStatus().isCreated();
    }

    private void exhaust(String client) {
        for (int attempt = 1; attempt <= 40; attempt++) {
            register(client).expectStatus().isCreated();
        }
        register(client).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    private WebTestClient.ResponseSpec register(String forwardedClient) {
        return gateway.post().uri("/api/auth/register").header("X-Forwarded-For", forwardedClient)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
