package fr.mecaformation.auth;

import fr.mecaformation.testsupport.KeycloakSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import fr.mecaformation.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Keycloak taken away from auth-service (its admin calls go through a relay the test cuts) and given back:
 * registration answers 503 quickly, writes nothing anywhere, and works again once Keycloak is back.
 */
@SpringBootTest
class KeycloakOutageIT {

    static KeycloakSupport keycloak;
    static PostgresSupport.Database database;
    static TcpProxy keycloakRelay;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "auth-service");
        keycloak = KeycloakSupport.shared();
        URI direct = URI.create(keycloak.baseUrl());
        keycloakRelay = TcpProxy.to(direct.getHost(), direct.getPort());
        registry.add("meca.keycloak.url", () -> "http://localhost:" + keycloakRelay.port());
        registry.add("meca.keycloak.client-secret", () -> KeycloakSupport.SERVICES_CLIENT_SECRET);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", keycloak::jwkSetUri);
    }

    @AfterAll
    static void closeRelay() {
        keycloakRelay.close();
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).configureClient()
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void while_keycloak_is_down_registration_is_a_quick_503_that_writes_nothing_and_it_works_again_after() {
        register(email("avant")).expectStatus().isCreated();

        keycloakRelay.cut();
        try {
            for (int attempt = 0; attempt < 6; attempt++) {
                String email = email("panne");
                long started = System.nanoTime();
                register(email).expectStatus().isEqualTo(503)
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.service").isEqualTo("identité");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answer time").isLessThan(Duration.ofSeconds(2));
                assertThat(profilesWithEmail(email)).isZero();
                assertThat(keycloak.usersNamed(email)).isZero();
            }
        } finally {
            keycloakRelay.restore();
        }

        // the breaker lets a trial call through after its open period, and closes on success
        String back = email("apres");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                register(back).expectStatus().isCreated());
        assertThat(profilesWithEmail(back)).isEqualTo(1);
        assertThat(keycloak.usersNamed(back)).isEqualTo(1);
    }

    private WebTestClient.ResponseSpec register(String email) {
        return client.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"" + email + "\",\"password\":\"Atelier-2026-frein\","
                        + "\"firstName\":\"Camille\",\"lastName\":\"Roux\"}")
                .exchange();
    }

    private static String email(String when) {
        return when + "-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
    }

    private static long profilesWithEmail(String email) {
        return database.count("SELECT count(*) FROM learner_profile WHERE email = '" + email + "'");
    }
}
