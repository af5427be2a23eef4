package fr.mecaformation.e2e;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.catalog.CourseCreated;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.catalog.CoursePublished;
import fr.mecaformation.events.catalog.CourseUpdated;
import fr.mecaformation.platform.access.CourseAccessClient;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.KeycloakPages;
import fr.mecaformation.testsupport.KeycloakSupport;
import fr.mecaformation.testsupport.MailSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.RedisSupport;
import fr.mecaformation.testsupport.SampleVideos;
import fr.mecaformation.testsupport.ServiceProcess;
import fr.mecaformation.testsupport.TokenForge;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.reactive.function.client.WebClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The platform as a client meets it: Keycloak from its distribution with the committed realm, Eureka,
 * catalog-service and the gateway from their executable jars, real PostgreSQL, Kafka and Redis, real tokens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformEndToEndIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // HTTP/1.1 as the platform serves it: the JDK client's default, HTTP/2, sends an h2c upgrade on each new
    // connection, a path known to hang against servers that ignore it (a 20 s timeout seen once against catalog-service)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static final String NEW_COURSE = """
            {"title":"%s","description":"Lecture des codes défauts, contrôle des capteurs de roue et purge du circuit.",
             "category":"FREINAGE","level":"INTERMEDIAIRE","price":490.00,"durationMinutes":540}""";

    /**
     * A failed step leaves a thread dump of every running service in its log (e2e-logs/): a step that waited in vain
     * for an effect (an event not consumed, a request not answered) is then explained by where each service was.
     */
    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.junit.jupiter.api.extension.TestWatcher THREAD_DUMPS_ON_FAILURE = new org.junit.jupiter.api.extension.TestWatcher() {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
            Stream.of(discovery, catalog, auth, payment, progress, booking, gamification, gateway)
                    .filter(java.util.Objects::nonNull)
                    .forEach(service -> service.threadDump(context.getDisplayName()));
        }
    };

    static KeycloakSupport keycloak;
    static ServiceProcess discovery;
    static ServiceProcess catalog;
    static ServiceProcess auth;
    static ServiceProcess payment;
    static ServiceProcess progress;
    static ServiceProcess booking;
    static ServiceProcess gamification;
    static final String STRIPE_WEBHOOK_SECRET = "whsec_e2e_meca";
    static final WireMockServer STRIPE = new WireMockServer(options().dynamicPort());
    static ServiceProcess gateway;
    static int gatewayManagementPort;
    static KafkaConsumer<String, byte[]> courseTopic;
    static Path mediaRoot;

    // Keycloak and eight JVMs booting on two cores: the suite's 5-minute default is one platform start on a quiet machine,
    // not on a loaded one; Keycloak has 4 minutes of its own, the services share 9 below
    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void startPlatform() {
        Path root = Path.of(System.getProperty("meca.apps.directory", "..")).toAbsolutePath();
        String version = System.getProperty("meca.version", "0.1.0-SNAPSHOT");
        Path logs = Path.of(System.getProperty("meca.logs.directory", "target/e2e-logs"));

        // Keycloak is the slowest to start: boot it while the rest comes up.
        CompletableFuture<KeycloakSupport> keycloakStarting = CompletableFuture.supplyAsync(KeycloakSupport::shared);
        PostgresSupport.Database database = PostgresSupport.freshDatabase("catalog_e2e");
        PostgresSupport.Database authDatabase = PostgresSupport.freshDatabase("auth_e2e");
        PostgresSupport.Database paymentDatabase = PostgresSupport.freshDatabase("payment_e2e");
        PostgresSupport.Database progressDatabase = PostgresSupport.freshDatabase("progress_e2e");
        PostgresSupport.Database bookingDatabase = PostgresSupport.freshDatabase("booking_e2e");
        PostgresSupport.Database gamificationDatabase = PostgresSupport.freshDatabase("gamification_e2e");
        STRIPE.start();
        STRIPE.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/checkout/sessions")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/json")
                // a session of its own for each checkout, as Stripe gives (payment-service keeps them unique)
                .withBody("{\"id\":\"cs_test_e2e_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"checkout.session\","
                        + "\"url\":\"https://checkout.stripe.com/c/pay/cs_test_e2e\"}")
                .withTransformers("response-template")));
        // payment-service mirrors each course as a Stripe product and price before selling it
        STRIPE.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/products")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"id\":\"prod_e2e\",\"object\":\"product\"}")));
        STRIPE.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/prices")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"price_e2e_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"price\"}")
                .withTransformers("response-template")));
        // a discount learners earned with XP becomes a Stripe coupon and promotion code
        STRIPE.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/coupons")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"coupon_e2e_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"coupon\"}")
                .withTransformers("response-template")));
        STRIPE.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/promotion_codes")).willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\":\"promo_e2e_{{randomValue length=12 type='ALPHANUMERIC'}}\",\"object\":\"promotion_code\"}")
                .withTransformers("response-template")));
        RedisSupport.Server redis = RedisSupport.server();
        String kafka = KafkaSupport.bootstrapServers();
        courseTopic = KafkaSupport.consumerFromBeginning(CourseEvents.TOPIC);

        int discoveryPort = ServiceProcess.freePort();
        // the registry refuses anonymous registrations: every client carries its credentials in EUREKA_URL
        String eurekaPassword = UUID.randomUUID().toString();
        String eureka = "http://e2e:" + eurekaPassword + "@localhost:" + discoveryPort + "/eureka/";
        discovery = ServiceProcess.start("discovery", root.resolve("discovery/target/discovery-" + version + "-exec.jar"),
                discoveryPort, Map.of("EUREKA_USER", "e2e", "EUREKA_PASSWORD", eurekaPassword), logs);
        keycloak = keycloakStarting.join();

        // outside the local profile every signing key must be given: media links, playback grants (catalog and
        // progress share it), certificates
        String playbackGrantKey = Base64.getEncoder().encodeToString(UUID.randomUUID().toString().repeat(2).getBytes());
        Map<String, String> catalogEnvironment = new HashMap<>(domainServiceEnvironment(database, kafka, eureka));
        catalogEnvironment.put("PLAYBACK_GRANT_KEY", playbackGrantKey);
        catalogEnvironment.putAll(Map.of("MEDIA_ROOT", mediaRoot().toString(),
                "MEDIA_SIGNING_KEY", Base64.getEncoder().encodeToString(UUID.randomUUID().toString().repeat(2).getBytes()),
                // media links live the video's length plus this: short here, so their expiry can be watched
                "MEDIA_LINK_GRACE", "6s", "MEDIA_MAX_UPLOAD_SIZE", "8MB",
                // an upload whose client vanished unnoticed is swept after this long without a write
                "MEDIA_STAGING_MAX_IDLE", "10s"));
        catalog = ServiceProcess.start("catalog-service",
                root.resolve("catalog-service/target/catalog-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                catalogEnvironment, logs);
        Map<String, String> authEnvironment = new HashMap<>(domainServiceEnvironment(authDatabase, kafka, eureka));
        authEnvironment.put("KEYCLOAK_SERVICES_SECRET", KeycloakSupport.SERVICES_CLIENT_SECRET);
        auth = ServiceProcess.start("auth-service",
                root.resolve("auth-service/target/auth-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                authEnvironment, logs);
        Map<String, String> paymentEnvironment = new HashMap<>(domainServiceEnvironment(paymentDatabase, kafka, eureka));
        paymentEnvironment.putAll(Map.of("STRIPE_API_BASE", STRIPE.baseUrl(), "STRIPE_SECRET_KEY", "sk_test_e2e",
                "STRIPE_WEBHOOK_SECRET", STRIPE_WEBHOOK_SECRET));
        payment = ServiceProcess.start("payment-service",
                root.resolve("payment-service/target/payment-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                paymentEnvironment, logs);
        Map<String, String> progressEnvironment = new HashMap<>(domainServiceEnvironment(progressDatabase, kafka, eureka));
        progressEnvironment.putAll(Map.of("PLAYBACK_GRANT_KEY", playbackGrantKey,
                "CERTIFICATE_SIGNING_KEY", certificateSigningKey()));
        progress = ServiceProcess.start("progress-service",
                root.resolve("progress-service/target/progress-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                progressEnvironment, logs);
        booking = ServiceProcess.start("booking-service",
                root.resolve("booking-service/target/booking-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                domainServiceEnvironment(bookingDatabase, kafka, eureka), logs);
        Map<String, String> gamificationEnvironment = new HashMap<>(domainServiceEnvironment(gamificationDatabase, kafka, eureka));
        // badges are Open Badges credentials, signed with a key of their own
        gamificationEnvironment.put("BADGE_SIGNING_KEY", certificateSigningKey());
        gamification = ServiceProcess.start("gamification-service",
                root.resolve("gamification-service/target/gamification-service-" + version + "-exec.jar"), ServiceProcess.freePort(),
                gamificationEnvironment, logs);
        gatewayManagementPort = ServiceProcess.freePort();
        gateway = ServiceProcess.start("gateway", root.resolve("gateway/target/gateway-" + version + "-exec.jar"),
                ServiceProcess.freePort(),
                Map.ofEntries(Map.entry("REDIS_HOST", redis.host()), Map.entry("REDIS_PORT", Integer.toString(redis.port())),
                        // actuator on its own port; the local profile serves the aggregated API documents read below
                        Map.entry("GATEWAY_MANAGEMENT_PORT", Integer.toString(gatewayManagementPort)),
                        Map.entry("SPRING_PROFILES_ACTIVE", "local"),
                        Map.entry("KEYCLOAK_URL", keycloak.baseUrl()), Map.entry("EUREKA_URL", eureka),
                        // a fresh Redis key space per run, and a small budget so the limit is reached quickly
                        Map.entry("SPRING_DATA_REDIS_DATABASE", "3"), Map.entry("RATE_LIMIT_PER_SECOND", "5"),
                        Map.entry("RATE_LIMIT_BURST", "15"),
                        // two registrations per client address, then one every 10 s
                        Map.entry("REGISTER_SECONDS_PER_ACCOUNT", "10"), Map.entry("REGISTER_BURST_TOKENS", "20")), logs);
        // eight JVMs start at once: on two busy cores one of them alone took 3.5 min (a CI run beside other builds),
        // so they share one deadline rather than each having a few minutes of its own
        java.time.Instant ready = java.time.Instant.now().plus(Duration.ofMinutes(9));
        discovery.awaitReady(until(ready));
        catalog.awaitReady(until(ready));
        auth.awaitReady(until(ready));
        payment.awaitReady(until(ready));
        progress.awaitReady(until(ready));
        booking.awaitReady(until(ready));
        gamification.awaitReady(until(ready));
        gateway.awaitReady(until(ready), gatewayManagementPort);
        // the gateway routes once Eureka has told it where catalog-service is. A first document can outlast the
        // client's 20 s on a loaded machine (a clean-clone CI beside another build: /v3/api-docs/payment): that is
        // the platform still warming up, so such a timeout is retried like a 503, within the same few minutes
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> call("GET", gateway, "/api/catalog/courses", null, null).statusCode() == 200
                        // served by auth-service itself, so routed only once Eureka knows it (the gateway alone 401s /api/auth/me)
                        && call("GET", gateway, "/v3/api-docs/auth", null, null).statusCode() == 200
                        // springdoc builds a document on its first request: on a loaded machine that alone outlasted
                        // the gateway's 15 s response timeout, so the first one is part of the platform being ready
                        && call("GET", gateway, "/v3/api-docs/catalog", null, null).statusCode() == 200
                        && call("GET", gateway, "/v3/api-docs/payment", null, null).statusCode() == 200
                        && call("GET", gateway, "/v3/api-docs/progress", null, null).statusCode() == 200
                        && call("GET", gateway, "/v3/api-docs/booking", null, null).statusCode() == 200
                        && call("GET", gateway, "/v3/api-docs/gamification", null, null).statusCode() == 200);
    }

    private static Duration until(java.time.Instant deadline) {
        Duration left = Duration.between(java.time.Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Path mediaRoot() {
        try {
            if (mediaRoot == null) {
                mediaRoot = Files.createTempDirectory("meca-e2e-media");
            }
            return mediaRoot;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A private Ed25519 OKP JWK for certificates (a key must be given outside the local profile). */
    private static String certificateSigningKey() {
        try {
            return new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519)
                    .keyID("meca-e2e").generate().toJSONString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a domain service reads from its environment: its own database, the broker, Keycloak and Eureka. */
    private static Map<String, String> domainServiceEnvironment(PostgresSupport.Database database, String kafka, String eureka) {
        return Map.of("SPRING_R2DBC_URL", database.r2dbcUrl(), "SPRING_R2DBC_USERNAME", database.username(),
                "SPRING_R2DBC_PASSWORD", database.password(),
                "SPRING_FLYWAY_URL", database.jdbcUrl(), "SPRING_FLYWAY_USER", database.username(),
                "SPRING_FLYWAY_PASSWORD", database.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka, "KEYCLOAK_URL", keycloak.baseUrl(), "EUREKA_URL", eureka);
    }

    @AfterAll
    static void stopPlatform() {
        if (courseTopic != null) {
            courseTopic.close();
        }
        Stream.of(gateway, gamification, booking, progress, payment, auth, catalog, discovery).filter(java.util.Objects::nonNull).forEach(ServiceProcess::close);
        STRIPE.stop();
    }

    @Test
    @Order(1)
    void anyone_reads_the_published_catalog_without_a_token() {
        HttpResponse<String> response = call("GET", gateway, "/api/catalog/courses", null, null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).has("items")).isTrue();
        assertThat(response.headers().firstValue("X-Correlation-Id")).isPresent();
    }

    @Test
    @Order(2)
    void writing_without_a_token_is_401_problem() {
        HttpResponse<String> response = call("POST", gateway, "/api/catalog/courses", null, NEW_COURSE.formatted("Sans jeton"));

        assertProblem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    @Order(3)
    void a_student_creating_a_course_is_403_problem() {
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);

        assertProblem(call("POST", gateway, "/api/catalog/courses", student, NEW_COURSE.formatted("Cours d'apprenti")), 403);
    }

    @Test
    @Order(4)
    void a_trainer_creates_and_submits_a_course_an_admin_publishes_it_and_its_cloudevents_reach_kafka_with_the_request_trace() {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String correlationId = "e2e-" + UUID.randomUUID();
        String title = "Diagnostic ABS et ESP " + UUID.randomUUID().toString().substring(0, 8);

        HttpResponse<String> created = send(request("POST", gateway, "/api/catalog/courses", trainer, NEW_COURSE.formatted(title))
                .header("X-Correlation-Id", correlationId).build());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        String id = json(created).get("id").asString();

        assertProblem(call("POST", gateway, "/api/catalog/courses/" + id + "/publish", trainer, null), 403);
        assertThat(call("POST", gateway, "/api/catalog/courses/" + id + "/submit", trainer, null).statusCode()).isEqualTo(200);
        HttpResponse<String> published = call("POST", gateway, "/api/catalog/courses/" + id + "/publish",
                keycloak.accessToken(KeycloakSupport.ADMIN), null);
        assertThat(published.statusCode()).isEqualTo(200);
        assertThat(json(published).get("status").asString()).isEqualTo("PUBLISHED");
        assertThat(call("GET", gateway, "/api/catalog/courses/" + id, null, null).statusCode()).isEqualTo(200);

        List<ConsumerRecord<String, byte[]>> events = KafkaSupport.awaitRecords(courseTopic, r -> id.equals(r.key()), 3, Duration.ofSeconds(30));
        assertThat(events).extracting(r -> KafkaSupport.header(r, "ce_type")).containsExactly(
                EventCatalog.of(CourseCreated.class).type(), EventCatalog.of(CourseUpdated.class).type(),
                EventCatalog.of(CoursePublished.class).type());
        ConsumerRecord<String, byte[]> createdEvent = events.get(0);
        assertThat(KafkaSupport.header(createdEvent, "ce_source")).isEqualTo("/catalog-service");
        assertThat(KafkaSupport.header(createdEvent, "ce_correlationid")).isEqualTo(correlationId);
        assertThat(KafkaSupport.header(createdEvent, "traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(EventSchemas.violations(EventCatalog.of(CourseCreated.class), createdEvent.value())).isEmpty();
        assertThat(new String(createdEvent.value())).contains(title);
    }

    static Stream<Arguments> rejectedTokens() {
        return Stream.of(
                Arguments.of("expired", (Function<TokenForge, String>) TokenForge::expired),
                Arguments.of("signed by a key the realm never published", (Function<TokenForge, String>) TokenForge::signedByForeignKey),
                Arguments.of("alg none", (Function<TokenForge, String>) TokenForge::unsigned),
                Arguments.of("another issuer", (Function<TokenForge, String>) TokenForge::fromAnotherIssuer),
                Arguments.of("without the platform audience", (Function<TokenForge, String>) TokenForge::withoutPlatformAudience),
                Arguments.of("not a JWT", (Function<TokenForge, String>) forge -> "not-a-token"));
    }

    @ParameterizedTest(name = "{0}: 401 at the gateway and at the service")
    @MethodSource("rejectedTokens")
    @Order(5)
    void bad_tokens_get_401_at_the_gateway_and_at_the_service_called_directly(String name, Function<TokenForge, String> token) {
        String forged = token.apply(keycloak.tokenForge());

        for (ServiceProcess entry : List.of(gateway, catalog)) {
            assertProblem(call("POST", entry, "/api/catalog/courses", forged, NEW_COURSE.formatted("Jeton " + name)), 401);
            // a bad token is refused even where no token is needed, so it is never mistaken for anonymous access
            assertProblem(call("GET", entry, "/api/catalog/courses", forged, null), 401);
        }
    }

    @Test
    @Order(6)
    void the_forge_itself_is_trusted_so_the_401s_above_come_from_the_one_broken_claim() {
        String wellFormed = keycloak.tokenForge().trusted(keycloak.tokenForge().validClaims().build());

        assertThat(call("GET", gateway, "/api/catalog/my-courses", wellFormed, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", catalog, "/api/catalog/my-courses", wellFormed, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void real_keycloak_tokens_for_another_issuer_or_client_are_refused() {
        String otherIssuer = keycloak.accessTokenIssuedAt(keycloak.baseUrlThroughLoopbackAddress(), KeycloakSupport.CLI_CLIENT, KeycloakSupport.TRAINER);
        String otherAudience = keycloak.accessTokenIssuedAt(keycloak.baseUrl(), "admin-cli", KeycloakSupport.TRAINER);

        for (ServiceProcess entry : List.of(gateway, catalog)) {
            assertProblem(call("GET", entry, "/api/catalog/my-courses", otherIssuer, null), 401);
            assertProblem(call("GET", entry, "/api/catalog/my-courses", otherAudience, null), 401);
        }
    }

    @Test
    @Order(8)
    void the_gateway_answers_the_web_clients_cors_preflight_and_refuses_oversized_bodies() {
        HttpResponse<String> preflight = send(request("OPTIONS", gateway, "/api/catalog/courses", null, null)
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");

        HttpResponse<String> foreignOrigin = send(request("OPTIONS", gateway, "/api/catalog/courses", null, null)
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(foreignOrigin.statusCode()).isEqualTo(403);

        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String twoMegabytes = NEW_COURSE.formatted("x".repeat(2 * 1024 * 1024));
        assertProblem(call("POST", gateway, "/api/catalog/courses", trainer, twoMegabytes), 413);
    }

    @Test
    @Order(8)
    void the_gateway_serves_the_services_openapi_documents() {
        HttpResponse<String> docs = call("GET", gateway, "/v3/api-docs/catalog", null, null);

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(json(docs).get("openapi").asString()).startsWith("3.");
        assertThat(json(docs).get("paths").has("/api/catalog/courses")).isTrue();
        assertThat(json(docs).get("paths").has("/api/catalog/search")).isTrue();
        HttpResponse<String> authDocs = call("GET", gateway, "/v3/api-docs/auth", null, null);
        assertThat(authDocs.statusCode()).isEqualTo(200);
        assertThat(json(authDocs).get("paths").has("/api/auth/register")).isTrue();
        assertThat(json(authDocs).get("paths").has("/api/auth/admin/partners")).isTrue();
        assertThat(call("GET", gateway, "/swagger-ui.html", null, null).statusCode()).isIn(200, 302);
    }

    @Test
    @Order(8)
    void a_learner_registers_through_the_gateway_signs_in_as_student_and_reads_their_profile_and_registration_has_its_own_stricter_limit() {
        String email = "e2e-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
        String password = "Atelier-2026-frein";
        HttpResponse<String> created = call("POST", gateway, "/api/auth/register", null, """
                {"email":"%s","password":"%s","firstName":"Lucas","lastName":"Bernard","targetQualification":"BAC_PRO_MV"}"""
                .formatted(email, password));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        verifyTheAddressFromTheReceivedMail(email, password);
        String token = keycloak.passwordGrant(email, password).get("access_token").asString();
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]))).contains("\"student\"");
        HttpResponse<String> profile = call("GET", gateway, "/api/auth/me", token, null);
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
        assertThat(json(profile).get("displayName").asString()).isEqualTo("Lucas Bernard");
        // a student may not create courses with that token either
        assertProblem(call("POST", gateway, "/api/catalog/courses", token, NEW_COURSE.formatted("Cours non autorisé")), 403);

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> refused = null;
        for (int i = 0; i < 4 && refused == null; i++) {
            HttpResponse<String> response = call("POST", gateway, "/api/auth/register", null, """
                    {"email":"e2e-%d-%s","password":"%s","firstName":"Robot","lastName":"Inscripteur"}"""
                    .formatted(i, email, password));
            statuses.add(response.statusCode());
            refused = response.statusCode() == 429 ? response : null;
        }
        assertThat(refused).as("registrations from one address: " + statuses).isNotNull();
        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        // the rest of the API keeps its own budget
        assertThat(call("GET", gateway, "/api/auth/me", token, null).statusCode()).isEqualTo(200);
    }

    /**
     * What the new learner does: finds Keycloak's verification e-mail in their inbox (the SMTP server of this JVM)
     * and follows its link in a browser. Keycloak refuses them a token until then.
     */
    private static void verifyTheAddressFromTheReceivedMail(String email, String password) {
        assertThat(keycloak.passwordGrant(email, password).has("access_token")).as("signed in before verifying").isFalse();
        MimeMessage mail = MailSupport.shared().awaitMessagesTo(email, 1, Duration.ofSeconds(30)).get(0);
        Document reached = KeycloakPages.newBrowser().openEmailedLink(MailSupport.linkIn(mail, keycloak.actionLinkPrefix()));
        JsonNode signIn = keycloak.passwordGrant(email, password);
        assertThat(signIn.has("access_token")).as("after the link (" + KeycloakPages.message(reached) + "): " + signIn).isTrue();
    }

    @Test
    @Order(8)
    void a_trainers_video_is_transcoded_and_played_through_the_gateway_by_an_enrolled_learner_only_until_its_link_expires()
            throws Exception {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        String course = json(call("POST", gateway, "/api/catalog/courses", trainer, """
                {"title":"Vidéo e2e %s","description":"Remplacement des plaquettes, pas à pas.","category":"FREINAGE",
                 "level":"DEBUTANT","price":0,"durationMinutes":20}""".formatted(UUID.randomUUID().toString().substring(0, 8))))
                .get("id").asString();
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/submit", trainer, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/publish", keycloak.accessToken(KeycloakSupport.ADMIN),
                null).statusCode()).isEqualTo(200);
        String module = json(call("POST", gateway, "/api/catalog/courses/" + course + "/modules", trainer,
                "{\"title\":\"Les plaquettes\"}")).get("id").asString();
        String lesson = json(call("POST", gateway, "/api/catalog/modules/" + module + "/lessons", trainer,
                "{\"title\":\"Changer les plaquettes\",\"kind\":\"VIDEO\"}")).get("id").asString();

        Path samples = Files.createTempDirectory("meca-e2e-samples");
        HttpResponse<String> pdf = send(upload(lesson, trainer, "fiche.mp4", "%PDF-1.7\n%%EOF\n".repeat(100).getBytes()));
        assertProblem(pdf, 415);
        HttpResponse<String> queued = send(upload(lesson, trainer, "plaquettes.mp4",
                Files.readAllBytes(SampleVideos.mp4(samples, 2, 1280, 720))));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        String video = json(queued).get("id").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                json(call("GET", gateway, "/api/catalog/videos/" + video, trainer, null)).get("status").asString().equals("READY"));
        assertThat(call("POST", gateway, "/api/catalog/lessons/" + lesson + "/publish", trainer, null).statusCode()).isEqualTo(200);

        assertProblem(call("POST", gateway, "/api/catalog/lessons/" + lesson + "/playback", student, null), 403);
        // what other services ask before serving a course's content, with the learner's own token
        CourseAccessClient access = new CourseAccessClient(WebClient.create(catalog.baseUrl()), Duration.ofSeconds(5),
                Duration.ofMinutes(1), Duration.ZERO);
        UUID studentId = UUID.fromString(subjectOf(student));
        assertThat(access.hasAccess(UUID.fromString(course), studentId, student).block()).isFalse();
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/enrolment", student, null).statusCode()).isEqualTo(200);
        assertThat(access.hasAccess(UUID.fromString(course), studentId, student).block()).isTrue();
        JsonNode playback = json(call("POST", gateway, "/api/catalog/lessons/" + lesson + "/playback", student, null));
        String hls = gateway.baseUrl() + playback.get("hlsUrl").asString();

        // a real player's view: ffprobe follows the master playlist to renditions and segments, all through the gateway
        String probed = SampleVideos.probe(hls);
        assertThat(probed).contains("\"codec_name\": \"h264\"", "\"codec_name\": \"aac\"", "\"height\": 240",
                "\"height\": 480", "\"height\": 720");

        Instant expiresAt = Instant.parse(playback.get("expiresAt").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiresAt.plusSeconds(1)));
        HttpResponse<String> expired = send(HttpRequest.newBuilder(URI.create(hls)).timeout(Duration.ofSeconds(10)).build());
        assertProblem(expired, 403);

        // an upload cut off mid-body leaves no file behind (removed at once, or swept once idle if the server never
        // heard the connection close)
        try (java.net.Socket socket = new java.net.Socket("localhost", catalog.port())) {
            socket.getOutputStream().write(("POST /api/catalog/lessons/" + lesson + "/video HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + trainer + "\r\nContent-Type: multipart/form-data; boundary=cut\r\n"
                    + "Content-Length: 5000000\r\n\r\n--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.mp4\"\r\n"
                    + "Content-Type: video/mp4\r\n\r\n").getBytes());
            socket.getOutputStream().write(Files.readAllBytes(SampleVideos.mp4(samples, 2, 1280, 720)), 0, 50_000);
            socket.getOutputStream().flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Stream<Path> files = Files.walk(mediaRoot.resolve("sources"))) {
                assertThat(files.filter(Files::isRegularFile).toList()).hasSize(1); // the good upload only
            }
            try (Stream<Path> staging = Files.list(mediaRoot.resolve(".staging"))) {
                assertThat(staging.toList()).isEmpty();
            }
        });
    }

    @Test
    @Order(8)
    void a_learner_watches_and_reads_a_course_through_the_gateway_and_anyone_verifies_the_certificate_without_an_account()
            throws Exception {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String course = json(call("POST", gateway, "/api/catalog/courses", trainer, """
                {"title":"Parcours certifiant e2e %s","description":"Contrôle du circuit de freinage.","category":"FREINAGE",
                 "level":"DEBUTANT","price":0,"durationMinutes":15}""".formatted(UUID.randomUUID().toString().substring(0, 8))))
                .get("id").asString();
        String module = json(call("POST", gateway, "/api/catalog/courses/" + course + "/modules", trainer,
                "{\"title\":\"Le circuit\"}")).get("id").asString();
        String video = json(call("POST", gateway, "/api/catalog/modules/" + module + "/lessons", trainer,
                "{\"title\":\"Purger le circuit\",\"kind\":\"VIDEO\"}")).get("id").asString();
        String reading = json(call("POST", gateway, "/api/catalog/modules/" + module + "/lessons", trainer,
                "{\"title\":\"Fiche de contrôle\",\"kind\":\"READING\"}")).get("id").asString();
        Path samples = Files.createTempDirectory("meca-e2e-progress");
        String videoId = json(send(upload(video, trainer, "purge.mp4", Files.readAllBytes(SampleVideos.mp4(samples, 3, 640, 360)))))
                .get("id").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                json(call("GET", gateway, "/api/catalog/videos/" + videoId, trainer, null)).get("status").asString().equals("READY"));
        for (String lesson : List.of(video, reading)) {
            assertThat(call("POST", gateway, "/api/catalog/lessons/" + lesson + "/publish", trainer, null).statusCode()).isEqualTo(200);
        }
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/submit", trainer, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/publish", admin, null).statusCode()).isEqualTo(200);

        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        String heartbeat = "{\"sessionId\":\"" + UUID.randomUUID() + "\",\"positionSeconds\":%s,\"playing\":true,\"playbackRate\":1,"
                + "\"clientAt\":\"%s\"}";
        // progress-service learns the lesson from catalog.course.v1: until then it is unknown (404), then not theirs (403)
        assertProblem(await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> call("POST", gateway, "/api/progress/lessons/" + video + "/heartbeat", student,
                        heartbeat.formatted("0", Instant.now())), response -> response.statusCode() != 404), 403);
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/enrolment", student, null).statusCode()).isEqualTo(200);
        // progress-service learns the enrolment from catalog.enrolment.v1
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> call("GET", gateway, "/api/progress/courses/" + course, student, null).statusCode() == 200);

        // three seconds of video really watched, then the reading lesson marked done
        Instant start = Instant.now();
        assertThat(call("POST", gateway, "/api/progress/lessons/" + video + "/heartbeat", student,
                heartbeat.formatted("0", start)).statusCode()).isEqualTo(200);
        Thread.sleep(3_100);
        JsonNode watched = json(call("POST", gateway, "/api/progress/lessons/" + video + "/heartbeat", student,
                heartbeat.formatted("2.9", start.plusMillis(3_100))));
        assertThat(watched.get("completed").asBoolean()).as(watched.toString()).isTrue();
        assertThat(call("POST", gateway, "/api/progress/lessons/" + reading + "/completion", student, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", gateway, "/api/progress/courses/" + course, student, null)).get("percent").asInt()).isEqualTo(100);

        // CourseCompleted → a signed certificate, which anyone checks through the gateway without a token
        JsonNode certificate = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> json(call("GET", gateway, "/api/progress/me/certificates", student, null)), mine -> mine.size() == 1)
                .get(0);
        assertThat(certificate.get("courseId").asString()).isEqualTo(course);
        String id = certificate.get("certificateId").asString();
        HttpResponse<String> publicView = call("GET", gateway, "/api/progress/certificates/" + id, null, null);
        assertThat(publicView.statusCode()).as(publicView.body()).isEqualTo(200);
        assertThat(json(publicView).get("verdict").asString()).isEqualTo("VALIDE");
        String credential = certificate.get("credential").asString();
        JsonNode verdict = json(call("POST", gateway, "/api/progress/certificates/verification", null,
                "{\"credential\":\"" + credential + "\"}"));
        assertThat(verdict.get("verdict").asString()).as(verdict.toString()).isEqualTo("VALIDE");
        int middle = credential.indexOf('.') + 10;
        String forged = credential.substring(0, middle) + (credential.charAt(middle) == 'A' ? 'B' : 'A') + credential.substring(middle + 1);
        assertThat(json(call("POST", gateway, "/api/progress/certificates/verification", null,
                "{\"credential\":\"" + forged + "\"}")).get("verdict").asString()).isEqualTo("INVALIDE");
        HttpResponse<String> page = call("GET", gateway, "/api/progress/certificates/" + id + "/page", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Parcours certifiant e2e");
        assertThat(call("GET", gateway, "/api/progress/certificates/" + id + "/pdf", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    @Order(8)
    void a_learner_buys_a_course_through_the_gateway_and_stripes_signed_webhook_grants_the_enrolment_exactly_once() throws Exception {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        UUID studentId = UUID.fromString(subjectOf(student));
        String course = json(call("POST", gateway, "/api/catalog/courses", trainer, """
                {"title":"Diagnostic multiplexé %s","description":"Réseaux CAN et LIN, lecture des trames.","category":"ELECTRICITE",
                 "level":"AVANCE","price":490.00,"durationMinutes":600}""".formatted(UUID.randomUUID().toString().substring(0, 8))))
                .get("id").asString();
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/submit", trainer, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", gateway, "/api/catalog/courses/" + course + "/publish", admin, null).statusCode()).isEqualTo(200);

        // payment-service learns the offer (and its price) from catalog.course.v1
        String checkoutBody = "{\"courseId\":\"" + course + "\"}";
        HttpResponse<String> checkout = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> call("POST", gateway, "/api/payments/checkout", student, checkoutBody), response -> response.statusCode() != 404);
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        assertThat(json(checkout).get("amount").asDouble()).isEqualTo(490.0);
        assertThat(json(checkout).get("checkoutUrl").asString()).startsWith("https://checkout.stripe.com/");
        String purchase = json(checkout).get("purchaseId").asString();
        assertThat(call("GET", gateway, "/api/catalog/access?courseId=" + course + "&learnerId=" + studentId, student, null).body())
                .contains("\"granted\":false");

        // Stripe's notification, signed as Stripe signs it, through the gateway (no token), delivered five times
        String payload = checkoutCompleted(purchase);
        for (int delivery = 0; delivery < 5; delivery++) {
            HttpResponse<String> received = deliverSignedByStripe(payload);
            assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        }
        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/payments/webhooks/stripe"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Stripe-Signature", "t=" + Instant.now().getEpochSecond() + ",v1=" + "0".repeat(64))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build());
        assertProblem(forged, 400);

        // PaymentSucceeded on Kafka, and catalog-service grants the course through it: once
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                call("GET", gateway, "/api/catalog/access?courseId=" + course + "&learnerId=" + studentId, student, null).body()
                        .contains("\"granted\":true"));
        JsonNode enrolments = json(call("GET", gateway, "/api/catalog/me/enrolments", student, null));
        List<JsonNode> forCourse = new ArrayList<>();
        enrolments.forEach(enrolment -> {
            if (enrolment.get("courseId").asString().equals(course)) {
                forCourse.add(enrolment);
            }
        });
        assertThat(forCourse).hasSize(1);
        assertThat(forCourse.get(0).get("source").asString()).isEqualTo("PAYMENT");
        assertProblem(call("POST", gateway, "/api/payments/checkout", student, checkoutBody), 409);
    }

    /** Stripe's notification, signed as Stripe signs it, through the gateway (no token). */
    private static HttpResponse<String> deliverSignedByStripe(String payload) throws Exception {
        long timestamp = Instant.now().getEpochSecond();
        return send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/payments/webhooks/stripe"))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .header("Stripe-Signature", "t=" + timestamp + ",v1="
                        + com.stripe.net.Webhook.Util.computeHmacSha256(STRIPE_WEBHOOK_SECRET, timestamp + "." + payload))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build());
    }

    /** {@code checkout.session.completed} for a purchase, as Stripe sends it once the learner has paid. */
    private static String checkoutCompleted(String purchase) {
        return "{\"id\":\"evt_e2e_" + purchase.substring(0, 8) + "\",\"object\":\"event\",\"api_version\":\""
                + com.stripe.Stripe.API_VERSION + "\",\"created\":" + Instant.now().getEpochSecond()
                + ",\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"id\":\"cs_test_e2e\",\"object\":\"checkout.session\","
                + "\"payment_status\":\"paid\",\"payment_intent\":\"pi_e2e_" + purchase.substring(0, 8) + "\",\"metadata\":{\"purchaseId\":\""
                + purchase + "\"}}}}";
    }

    /** The trainer's advice and coaching hours: every day 06:00–22:00 in Paris, bookable at once, two weeks ahead. */
    private static final String OPEN_HOURS = """
            {"zone":"Europe/Paris","bufferBeforeMinutes":0,"bufferAfterMinutes":0,"minimumNoticeMinutes":0,"maximumAdvanceDays":14,
             "weekly":[%s]}""".formatted(java.util.Arrays.stream(java.time.DayOfWeek.values())
            .map(day -> "{\"day\":\"" + day + "\",\"start\":\"06:00\",\"end\":\"22:00\"}")
            .collect(java.util.stream.Collectors.joining(",")));
    private static final java.time.ZoneId PARIS = java.time.ZoneId.of("Europe/Paris");
    /** Calls through the gateway that wait out its small rate limit (a 429 says nothing about what is tested). */
    private static AuthorizationSweep paced;

    private static AuthorizationSweep paced() {
        if (paced == null) {
            paced = new AuthorizationSweep(gateway.baseUrl());
        }
        return paced;
    }

    /** Publishes (the same rules every time: replacing them is idempotent) the trainer's advice and coaching hours. */
    private static String bookableTrainer() {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        for (String kind : List.of("ADVICE", "COACHING")) {
            succeeded(paced().send("PUT", "/api/booking/trainer/availability/" + kind, trainer, OPEN_HOURS));
        }
        return subjectOf(trainer);
    }

    /** The person a token is for: its {@code sub} claim (the suite holds the token, so it reads it unverified). */
    private static String subjectOf(String token) {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("sub").asString();
    }

    /** The first free slot of the trainer's, in the learner's zone, starting at least a few minutes from now. */
    private static Instant firstFreeSlot(String learner, String trainerId, String kind) {
        java.time.LocalDate today = java.time.LocalDate.now(PARIS);
        JsonNode slots = succeeded(paced().send("GET", "/api/booking/trainers/" + trainerId + "/slots?kind=" + kind
                + "&from=" + today + "&to=" + today.plusDays(6) + "&zone=Europe/Paris", learner, null));
        Instant soonest = Instant.now().plus(Duration.ofMinutes(5));
        for (JsonNode slot : slots) {
            Instant start = Instant.parse(slot.get("start").asString());
            if (start.isAfter(soonest)) {
                // listed in the learner's zone, at the same instant
                assertThat(java.time.OffsetDateTime.parse(slot.get("localStart").asString()).toInstant()).isEqualTo(start);
                return start;
            }
        }
        throw new AssertionError("no free " + kind + " slot in a week: " + slots);
    }

    /** A webinar of one seat, some days ahead, when none of the learners here has anything else booked. */
    private static String webinarOfOneSeat(String trainer, int daysAhead, String title) {
        Instant startsAt = java.time.LocalDate.now(PARIS).plusDays(daysAhead).atTime(23, 0).atZone(PARIS).toInstant();
        return succeeded(paced().send("POST", "/api/booking/trainer/sessions", trainer, """
                {"kind":"WEBINAR","title":"%s","zone":"Europe/Paris","startsAt":"%s","endsAt":"%s","capacity":1}"""
                .formatted(title, startsAt, startsAt.plus(Duration.ofMinutes(45))))).get("id").asString();
    }

    @Test
    @Order(8)
    void a_learner_books_free_advice_pays_a_coaching_hour_in_test_mode_and_is_promoted_from_a_webinars_waitlist() throws Exception {
        String trainerId = bookableTrainer();
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String learner = keycloak.accessToken(KeycloakSupport.STUDENT);
        String learnerId = subjectOf(learner);

        // free advice: confirmed at once, and only one open at a time
        Instant adviceAt = firstFreeSlot(learner, trainerId, "ADVICE");
        HttpResponse<String> advice = paced().send("POST", "/api/booking/bookings", learner,
                "{\"trainerId\":\"" + trainerId + "\",\"kind\":\"ADVICE\",\"start\":\"" + adviceAt + "\",\"note\":\"Choisir entre CAP et Bac Pro\"}");
        assertThat(advice.statusCode()).as(advice.body()).isEqualTo(201);
        assertThat(json(advice).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(json(advice).get("learnerId").asString()).isEqualTo(learnerId);
        Instant secondAdvice = firstFreeSlot(learner, trainerId, "ADVICE");
        assertThat(secondAdvice).isNotEqualTo(adviceAt);
        HttpResponse<String> again = paced().send("POST", "/api/booking/bookings", learner,
                "{\"trainerId\":\"" + trainerId + "\",\"kind\":\"ADVICE\",\"start\":\"" + secondAdvice + "\"}");
        assertProblem(again, 409);
        HttpResponse<String> calendar = paced().send("GET", "/api/booking/bookings/" + json(advice).get("id").asString() + "/calendar",
                learner, null);
        assertThat(calendar.statusCode()).isEqualTo(200);
        assertThat(calendar.body()).contains("BEGIN:VCALENDAR", "UID:", "DTSTART:" + adviceAt.toString().replace("-", "").replace(":", "").replace(".000", ""));

        // a coaching hour: held while the learner pays through payment-service's checkout (Stripe in test mode),
        // confirmed by CoachingHourPurchased once Stripe's signed notification arrives
        Instant coachingAt = firstFreeSlot(learner, trainerId, "COACHING");
        HttpResponse<String> held = paced().send("POST", "/api/booking/bookings", learner,
                "{\"trainerId\":\"" + trainerId + "\",\"kind\":\"COACHING\",\"start\":\"" + coachingAt + "\"}");
        assertThat(held.statusCode()).as(held.body()).isEqualTo(201);
        assertThat(json(held).get("status").asString()).isEqualTo("HELD");
        assertThat(Instant.parse(json(held).get("holdExpiresAt").asString())).isAfter(Instant.now().plus(Duration.ofMinutes(25)));
        String coaching = json(held).get("id").asString();
        // the held slot is nobody else's meanwhile
        assertThat(paced().send("GET", "/api/booking/trainers/" + trainerId + "/slots?kind=COACHING&zone=Europe/Paris", learner, null).body())
                .doesNotContain("\"start\":\"" + coachingAt);
        HttpResponse<String> checkout = paced().send("POST", "/api/payments/coaching/checkout", learner, null);
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        assertThat(json(checkout).get("checkoutUrl").asString()).startsWith("https://checkout.stripe.com/");
        HttpResponse<String> notified = deliverSignedByStripe(checkoutCompleted(json(checkout).get("purchaseId").asString()));
        assertThat(notified.statusCode()).as(notified.body()).isEqualTo(200);
        JsonNode confirmed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded(paced().send("GET", "/api/booking/bookings/" + coaching, learner, null)),
                        booking -> "CONFIRMED".equals(booking.get("status").asString()));
        assertThat(confirmed.get("paymentId").isNull()).isFalse();
        assertThat(succeeded(paced().send("GET", "/api/booking/trainer/bookings", trainer, null)).toString()).contains(coaching);

        // a webinar of one seat: another learner takes it, this one waits, the seat frees and is offered to them
        String webinar = webinarOfOneSeat(trainer, 9, "Lire un schéma électrique");
        String other = keycloak.accessToken("lina.garcia@meca.demo");
        HttpResponse<String> seat = paced().send("POST", "/api/booking/sessions/" + webinar + "/seat", other, null);
        assertThat(seat.statusCode()).as(seat.body()).isEqualTo(201);
        assertProblem(paced().send("POST", "/api/booking/sessions/" + webinar + "/seat", learner, null), 409);
        HttpResponse<String> waiting = paced().send("POST", "/api/booking/sessions/" + webinar + "/waitlist", learner, null);
        assertThat(waiting.statusCode()).as(waiting.body()).isIn(200, 201);
        String entry = json(waiting).get("id").asString();
        assertThat(json(waiting).get("position").asLong()).isEqualTo(1);
        assertThat(succeeded(paced().send("POST", "/api/booking/bookings/" + json(seat).get("id").asString() + "/cancellation", other,
                "{\"reason\":\"Empêchée\"}")).get("status").asString()).isEqualTo("CANCELLED");
        JsonNode offered = succeeded(paced().send("GET", "/api/booking/waitlist/" + entry, learner, null));
        assertThat(offered.get("status").asString()).isEqualTo("OFFERED");
        assertThat(Instant.parse(offered.get("offerExpiresAt").asString())).isAfter(Instant.now());
        HttpResponse<String> promoted = paced().send("POST", "/api/booking/waitlist/" + entry + "/acceptance", learner, null);
        assertThat(promoted.statusCode()).as(promoted.body()).isIn(200, 201);
        assertThat(json(promoted).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(json(promoted).get("sessionId").asString()).isEqualTo(webinar);
        assertThat(succeeded(paced().send("GET", "/api/booking/sessions/" + webinar, learner, null)).get("seatsLeft").asInt()).isZero();
        assertThat(succeeded(paced().send("GET", "/api/booking/me/bookings", learner, null)).toString())
                .contains(json(advice).get("id").asString(), coaching, json(promoted).get("id").asString());
    }

    @Test
    @Order(8)
    void a_partner_publishes_internships_with_its_client_credentials_and_the_matching_learner_sees_the_best_first_with_reasons() {
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // the company's client, made by an admin in auth-service; its token comes from Keycloak's client-credentials grant
        HttpResponse<String> created = paced().send("POST", "/api/auth/admin/partners", admin, """
                {"company":"Garage Dupont %s","contactEmail":"rh-%s@garage-dupont.example","scopes":["INTERNSHIPS_WRITE"]}"""
                .formatted(suffix, suffix));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String partner = keycloak.clientCredentialsGrant(json(created).get("clientId").asString(),
                json(created).get("clientSecret").asString()).get("access_token").asString();

        // a learner preparing a CAP in the Rhône, brakes as speciality
        String learner = keycloak.accessToken("lina.garcia@meca.demo");
        succeeded(paced().send("PUT", "/api/auth/me", learner,
                "{\"region\":\"69\",\"targetQualification\":\"CAP_MV\",\"specialities\":[\"FREINAGE\"]}"));
        java.time.LocalDate start = java.time.LocalDate.now(PARIS).plusMonths(2);
        String near = succeeded(paced().send("POST", "/api/booking/internships", partner, """
                {"title":"Stage atelier freinage %s","description":"Plaquettes, disques, purge.","trade":"FREINAGE",
                 "qualification":"CAP_MV","departement":"69","startsOn":"%s","endsOn":"%s","requiredSkills":["FREINAGE"],"places":2}"""
                .formatted(suffix, start, start.plusWeeks(4)))).get("id").asString();
        String far = succeeded(paced().send("POST", "/api/booking/internships", partner, """
                {"title":"Stage entretien %s","description":"Vidanges et révisions.","trade":"ENTRETIEN",
                 "qualification":"BTS_MV","departement":"38","startsOn":"%s","endsOn":"%s","requiredSkills":[],"places":1}"""
                .formatted(suffix, start, start.plusWeeks(4)))).get("id").asString();
        // a student can't publish, a partner can't read a learner's matches
        assertProblem(paced().send("POST", "/api/booking/internships", learner, "{}"), 403);
        assertProblem(paced().send("GET", "/api/booking/internships/matches", partner, null), 403);

        // once booking-service has heard the profile (UserProfileUpdated), the offer in the learner's département, for
        // their diploma and in their speciality comes first, with the reasons said in French
        JsonNode matches = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded(paced().send("GET", "/api/booking/internships/matches", learner, null)),
                        ranked -> ranked.size() >= 2 && near.equals(ranked.get(0).get("offer").get("id").asString()));
        assertThat(matches.get(0).get("reasons").toString()).contains("Même département (69)", "CAP_MV", "FREINAGE");
        List<String> ranked = new ArrayList<>();
        matches.forEach(match -> ranked.add(match.get("offer").get("id").asString()));
        assertThat(ranked.indexOf(far)).isGreaterThan(0);
        assertThat(matches.get(0).get("score").asInt()).isGreaterThan(matches.get(ranked.indexOf(far)).get("score").asInt());

        // the learner applies once; the partner accepts and a place is taken
        HttpResponse<String> applied = paced().send("POST", "/api/booking/internships/" + near + "/applications", learner,
                "{\"motivation\":\"Je prépare un CAP et le freinage me passionne.\"}");
        assertThat(applied.statusCode()).as(applied.body()).isEqualTo(201);
        String application = json(applied).get("id").asString();
        assertProblem(paced().send("POST", "/api/booking/internships/" + near + "/applications", learner, "{}"), 409);
        assertThat(succeeded(paced().send("GET", "/api/booking/internships/" + near + "/applications", partner, null)).toString())
                .contains(application);
        JsonNode accepted = succeeded(paced().send("POST", "/api/booking/internships/" + near + "/applications/" + application
                + "/acceptance", partner, null));
        assertThat(accepted.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("placesLeft").asInt()).isEqualTo(1);
        assertThat(succeeded(paced().send("GET", "/api/booking/me/internship-applications", learner, null)).toString())
                .contains(application, "ACCEPTED");
    }

    @Test
    @Order(8)
    void a_learner_completes_a_lesson_through_the_gateway_earns_xp_and_the_daily_challenge_and_redeems_xp_for_a_coupon_payment_honours() {
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String learner = keycloak.accessToken("lina.garcia@meca.demo");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String course = succeeded(paced().send("POST", "/api/catalog/courses", trainer, """
                {"title":"Pneumatiques %s","description":"Lire un flanc de pneu, contrôler l'usure et la pression.","category":"ENTRETIEN",
                 "level":"DEBUTANT","price":0,"durationMinutes":15}""".formatted(suffix))).get("id").asString();
        String module = succeeded(paced().send("POST", "/api/catalog/courses/" + course + "/modules", trainer,
                "{\"title\":\"Le flanc\"}")).get("id").asString();
        String lesson = succeeded(paced().send("POST", "/api/catalog/modules/" + module + "/lessons", trainer,
                "{\"title\":\"Les indices de charge\",\"kind\":\"READING\"}")).get("id").asString();
        succeeded(paced().send("POST", "/api/catalog/lessons/" + lesson + "/publish", trainer, null));
        succeeded(paced().send("POST", "/api/catalog/courses/" + course + "/submit", trainer, null));
        succeeded(paced().send("POST", "/api/catalog/courses/" + course + "/publish", admin, null));
        succeeded(paced().send("POST", "/api/catalog/courses/" + course + "/enrolment", learner, null));
        long before = succeeded(paced().send("GET", "/api/gamification/me", learner, null)).get("totalXp").asLong();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> paced().send("GET", "/api/progress/courses/" + course, learner, null).statusCode() == 200);

        // completed twice (a double tap, a retried request): XP once
        succeeded(paced().send("POST", "/api/progress/lessons/" + lesson + "/completion", learner, null));
        succeeded(paced().send("POST", "/api/progress/lessons/" + lesson + "/completion", learner, null));
        // the lesson (10), the day's challenge (50), the course (200), its certificate (100), the first_course badge (100)
        // and the month's challenge of a whole course (1000): each from its own event, awarded as they arrive
        JsonNode summary = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> succeeded(paced().send("GET", "/api/gamification/me", learner, null)),
                        me -> me.get("totalXp").asLong() - before >= 1460);
        assertThat(summary.get("totalXp").asLong() - before).as(summary.toString()).isEqualTo(1460);
        assertThat(summary.get("badges").toString()).contains("first_course");
        // the badge is an Open Badges credential anyone checks without an account, as a certificate; altered, it fails
        String credentialId = java.util.stream.StreamSupport.stream(summary.get("badges").spliterator(), false)
                .filter(badge -> "first_course".equals(badge.get("code").asString())).findFirst().orElseThrow()
                .get("credentialId").asString();
        JsonNode credential = succeeded(paced().send("GET", "/api/gamification/badges/credentials/" + credentialId, null, null));
        assertThat(credential.get("verdict").asString()).isEqualTo("VALIDE");
        String jws = credential.get("badgeCredential").get("credential").asString();
        assertThat(succeeded(paced().send("POST", "/api/gamification/badges/credentials/verification", null,
                JSON.writeValueAsString(Map.of("credential", jws)))).get("verdict").asString()).isEqualTo("VALIDE");
        int middle = jws.indexOf('.') + 10;
        String altered = jws.substring(0, middle) + (jws.charAt(middle) == 'A' ? 'B' : 'A') + jws.substring(middle + 1);
        assertThat(succeeded(paced().send("POST", "/api/gamification/badges/credentials/verification", null,
                JSON.writeValueAsString(Map.of("credential", altered)))).get("verdict").asString()).isEqualTo("INVALIDE");
        JsonNode dailyChallenge = null;
        for (JsonNode challenge : summary.get("challenges")) {
            if ("daily_lesson".equals(challenge.get("code").asString())) {
                dailyChallenge = challenge;
            }
        }
        assertThat(dailyChallenge).as(summary.toString()).isNotNull();
        assertThat(dailyChallenge.get("completed").asBoolean()).isTrue();
        assertThat(dailyChallenge.get("periodKey").asString()).isEqualTo(java.time.LocalDate.now(PARIS).toString());
        JsonNode history = succeeded(paced().send("GET", "/api/gamification/me/history", learner, null));
        // the ledger names each award's cause: the lesson, once, however often its completion was sent
        long lessonAwards = java.util.stream.StreamSupport.stream(history.spliterator(), false)
                .filter(award -> "lesson_completed".equals(award.get("rule").asString())
                        && award.get("sourceEvent").asString().equals("lesson-completed:" + lesson)).count();
        assertThat(lessonAwards).as(history.toString()).isEqualTo(1);

        // XP spent on a reward the admin just published: payment-service holds the coupon for this learner
        HttpResponse<String> published = paced().send("POST", "/api/gamification/admin/rewards", admin, """
                {"code":"remise_e2e_%s","title":"Remise de 15 %% sur une formation","kind":"DISCOUNT","costXp":50,"percentOff":15}"""
                .formatted(suffix));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        String reward = json(published).get("rewardId").asString();
        HttpResponse<String> redeemed = paced().send("POST", "/api/gamification/rewards/" + reward + "/redemptions", learner, null);
        assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(201);
        assertThat(json(redeemed).get("balanceXp").asLong()).isEqualTo(summary.get("balanceXp").asLong() - 50);
        // the coupon is the redemption's: RewardCouponRequested names the redemption, so one grant is one coupon
        String redemption = json(redeemed).get("redemptionId").asString();
        JsonNode coupons = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> succeeded(paced().send("GET", "/api/payments/me/coupons", learner, null)),
                        mine -> mine.toString().contains(redemption));
        assertThat(coupons.toString()).contains("\"percentOff\":15", "15 %");
        // a reward costing more than what is left: refused, nothing spent
        HttpResponse<String> tooDear = paced().send("POST", "/api/gamification/rewards/0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e03/redemptions",
                learner, null);
        assertProblem(tooDear, 409);
        assertThat(succeeded(paced().send("GET", "/api/gamification/me", learner, null)).get("balanceXp").asLong())
                .isEqualTo(json(redeemed).get("balanceXp").asLong());
    }

    @Test
    @Order(8)
    void every_documented_operation_refuses_anonymous_callers_other_learners_and_students_as_it_must() throws Exception {
        AuthorizationSweep sweep = new AuthorizationSweep(gateway.baseUrl());
        List<AuthorizationSweep.Operation> operations = sweep.documentedOperations(List.of("auth", "catalog", "payment", "progress", "booking", "gamification"));
        assertThat(operations).hasSizeGreaterThan(140);
        assertThat(AuthorizationSweep.unruled(operations)).isEmpty();
        Path gatewayConfiguration = Path.of(System.getProperty("meca.apps.directory", "..")).toAbsolutePath()
                .resolve("gateway/src/main/resources/application.yml");
        assertThat(AuthorizationSweep.publicPathsDisagreeing(operations, gatewayConfiguration)).isEmpty();

        // the owner's objects: a course they follow and finished (a note, a playlist, a certificate), a paid purchase,
        // an invitation to a cohort; the other learner has none of these
        String owner = keycloak.accessToken("tom.moreau@meca.demo");
        String other = keycloak.accessToken("lina.garcia@meca.demo");
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String ownerId = subjectOf(owner);
        HttpResponse<String> profile = sweep.send("PUT", "/api/auth/me", owner, "{\"region\":\"69\"}");
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String course = succeeded(sweep.send("POST", "/api/catalog/courses", trainer, """
                {"title":"Balayage %s","description":"Les droits de chacun, route par route.","category":"DIAGNOSTIC_MOTEUR",
                 "level":"DEBUTANT","price":0,"durationMinutes":10}""".formatted(suffix))).get("id").asString();
        String module = succeeded(sweep.send("POST", "/api/catalog/courses/" + course + "/modules", trainer,
                "{\"title\":\"Les droits\"}")).get("id").asString();
        String lesson = succeeded(sweep.send("POST", "/api/catalog/modules/" + module + "/lessons", trainer,
                "{\"title\":\"Qui peut quoi\",\"kind\":\"READING\"}")).get("id").asString();
        assertThat(sweep.send("POST", "/api/catalog/lessons/" + lesson + "/publish", trainer, null).statusCode()).isEqualTo(200);
        assertThat(sweep.send("POST", "/api/catalog/courses/" + course + "/submit", trainer, null).statusCode()).isEqualTo(200);
        assertThat(sweep.send("POST", "/api/catalog/courses/" + course + "/publish", admin, null).statusCode()).isEqualTo(200);
        assertThat(sweep.send("POST", "/api/catalog/courses/" + course + "/enrolment", owner, null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> sweep.send("GET", "/api/progress/courses/" + course, owner, null).statusCode() == 200);
        String note = UUID.randomUUID().toString();
        HttpResponse<String> noted = sweep.send("POST", "/api/progress/lessons/" + lesson + "/notes", owner,
                "{\"noteId\":\"" + note + "\",\"positionSeconds\":0,\"markdown\":\"Vérifier le couple de serrage.\"}");
        assertThat(noted.statusCode()).as(noted.body()).isIn(200, 201);
        HttpResponse<String> playlistCreated = sweep.send("POST", "/api/catalog/playlists", owner, "{\"title\":\"Mes révisions\"}");
        assertThat(playlistCreated.statusCode()).as(playlistCreated.body()).isEqualTo(201);
        String playlist = json(playlistCreated).get("id").asString();
        assertThat(sweep.send("PUT", "/api/catalog/playlists/" + playlist + "/lessons", owner,
                "{\"lessonIds\":[\"" + lesson + "\"]}").statusCode()).isEqualTo(200);
        assertThat(sweep.send("POST", "/api/progress/lessons/" + lesson + "/completion", owner, null).statusCode()).isEqualTo(200);
        String certificate = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> succeeded(sweep.send("GET", "/api/progress/me/certificates", owner, null)), mine -> mine.size() == 1)
                .get(0).get("certificateId").asString();

        String paidCourse = succeeded(sweep.send("POST", "/api/catalog/courses", trainer, """
                {"title":"Balayage payant %s","description":"Un achat que seul son acheteur peut lire.","category":"DIAGNOSTIC_MOTEUR",
                 "level":"DEBUTANT","price":19.00,"durationMinutes":10}""".formatted(suffix))).get("id").asString();
        assertThat(sweep.send("POST", "/api/catalog/courses/" + paidCourse + "/submit", trainer, null).statusCode()).isEqualTo(200);
        assertThat(sweep.send("POST", "/api/catalog/courses/" + paidCourse + "/publish", admin, null).statusCode()).isEqualTo(200);
        HttpResponse<String> checkout = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> sweep.send("POST", "/api/payments/checkout", owner, "{\"courseId\":\"" + paidCourse + "\"}"),
                        response -> response.statusCode() != 404);
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(201);
        String purchase = json(checkout).get("purchaseId").asString();
        assertThat(deliverSignedByStripe(checkoutCompleted(purchase)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> sweep.send("GET", "/api/payments/purchases/" + purchase + "/receipt", owner, null).statusCode() == 200);

        HttpResponse<String> cohortCreated = sweep.send("POST", "/api/auth/cohorts", trainer, "{\"name\":\"Promo balayage " + suffix + "\"}");
        assertThat(cohortCreated.statusCode()).as(cohortCreated.body()).isEqualTo(201);
        String cohort = json(cohortCreated).get("id").asString();
        HttpResponse<String> invited = sweep.send("POST", "/api/auth/cohorts/" + cohort + "/invitations", trainer,
                "{\"email\":\"tom.moreau@meca.demo\"}");
        assertThat(invited.statusCode()).as(invited.body()).isIn(200, 201, 202);

        // a booking of the owner's, and their place on a full webinar's waitlist (a student holds its one seat)
        String trainerId = bookableTrainer();
        Instant adviceAt = firstFreeSlot(owner, trainerId, "ADVICE");
        String ownBooking = succeeded(sweep.send("POST", "/api/booking/bookings", owner,
                "{\"trainerId\":\"" + trainerId + "\",\"kind\":\"ADVICE\",\"start\":\"" + adviceAt + "\"}")).get("id").asString();
        String session = webinarOfOneSeat(trainer, 11, "Balayage des droits " + suffix);
        succeeded(sweep.send("POST", "/api/booking/sessions/" + session + "/seat", keycloak.accessToken(KeycloakSupport.STUDENT), null));
        String waitlistEntry = succeeded(sweep.send("POST", "/api/booking/sessions/" + session + "/waitlist", owner, null))
                .get("id").asString();

        AuthorizationSweep.Fixtures fixtures = new AuthorizationSweep.Fixtures(Map.ofEntries(
                Map.entry("owner", ownerId), Map.entry("course", course), Map.entry("module", module),
                Map.entry("lesson", lesson), Map.entry("note", note), Map.entry("playlist", playlist),
                Map.entry("certificate", certificate), Map.entry("purchase", purchase), Map.entry("cohort", cohort),
                // ids a student never reaches, whichever object they name: the role is refused before any lookup
                Map.entry("video", UUID.randomUUID().toString()), Map.entry("bundle", UUID.randomUUID().toString()),
                Map.entry("coupon", UUID.randomUUID().toString()), Map.entry("partner", UUID.randomUUID().toString()),
                Map.entry("invoice", "in_balayage_" + suffix), Map.entry("role", "trainer"), Map.entry("language", "fr"),
                Map.entry("month-from", "2026-01"), Map.entry("month-to", "2026-12"),
                Map.entry("trainer", trainerId), Map.entry("booking-kind", "ADVICE"), Map.entry("booking", ownBooking),
                Map.entry("session", session), Map.entry("waitlist-entry", waitlistEntry),
                // a reward of the seeded catalogue; the first version of the XP rules
                Map.entry("reward", "0b9c8d7e-1a2b-4c3d-8e4f-5a6b7c8d9e01"), Map.entry("rule-version", "1"),
                Map.entry("badge-credential", UUID.randomUUID().toString()),
                // rooms, offers and applications a student never reaches: the role is refused before any lookup
                Map.entry("resource", UUID.randomUUID().toString()), Map.entry("internship", UUID.randomUUID().toString()),
                Map.entry("internship-application", UUID.randomUUID().toString())));
        List<String> violations = sweep.sweep(operations, new AuthorizationSweep.Tokens(owner, other,
                keycloak.accessToken(KeycloakSupport.STUDENT), trainer), fixtures);

        assertThat(violations).as(sweep.calls() + " calls").isEmpty();
        // nothing the refused calls tried changed the owner's objects
        assertThat(sweep.send("GET", "/api/catalog/playlists/" + playlist, owner, null).body()).contains(lesson, "Mes révisions");
        assertThat(sweep.send("GET", "/api/progress/notes/" + note, owner, null).body()).contains("couple de serrage");
        assertThat(succeeded(sweep.send("GET", "/api/auth/me/invitations", owner, null)).toString()).contains(cohort);
        assertThat(succeeded(sweep.send("GET", "/api/progress/certificates/" + certificate, null, null)).get("verdict").asString())
                .isEqualTo("VALIDE");
        assertThat(succeeded(sweep.send("GET", "/api/booking/bookings/" + ownBooking, owner, null)).get("status").asString())
                .isEqualTo("CONFIRMED");
        assertThat(succeeded(sweep.send("GET", "/api/booking/waitlist/" + waitlistEntry, owner, null)).get("status").asString())
                .isEqualTo("WAITING");
    }

        /** The answer's JSON, once it is known to be a success (a failed fixture says why, not a null pointer later). */
    private static JsonNode succeeded(HttpResponse<String> response) {
        assertThat(response.statusCode() / 100).as(response.statusCode() + " " + response.body()).isEqualTo(2);
        return json(response);
    }

private static HttpRequest upload(String lesson, String token, String fileName, byte[] content) {
        String boundary = "meca" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: video/mp4\r\n\r\n").getBytes();
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/catalog/lessons/" + lesson + "/video"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, content, tail)))
                .build();
    }

    @Test
    @Order(9)
    void past_the_rate_limit_a_user_gets_429_problem_with_retry_after() {
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            responses.add(call("GET", gateway, "/api/catalog/courses", student, null));
        }

        HttpResponse<String> refused = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow(
                () -> new AssertionError("no 429 in 40 requests: " + responses.stream().map(HttpResponse::statusCode).toList()));
        assertProblem(refused, 429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        // another user's budget is untouched
        assertThat(call("GET", gateway, "/api/catalog/courses", keycloak.accessToken(KeycloakSupport.ADMIN), null).statusCode()).isEqualTo(200);
    }

    /** After the registration, purchase and completion above, so the business panels have their counters. */
    @Test
    @Order(9)
    void prometheus_scrapes_every_service_and_every_grafana_panel_query_returns_data() {
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        targets.put("gateway", "localhost:" + gatewayManagementPort);
        targets.putAll(Map.of("discovery", "localhost:" + discovery.port(), "catalog-service", "localhost:" + catalog.port(),
                "auth-service", "localhost:" + auth.port(), "payment-service", "localhost:" + payment.port(),
                "progress-service", "localhost:" + progress.port(), "booking-service", "localhost:" + booking.port(),
                "gamification-service", "localhost:" + gamification.port()));
        DashboardQueries.assertEveryPanelHasData(Path.of(System.getProperty("meca.apps.directory", "..")).toAbsolutePath(),
                targets,
                Path.of(System.getProperty("meca.logs.directory", "target/e2e-logs")));
    }

    @Test
    @Order(10)
    void when_the_catalog_is_down_the_gateway_answers_503_problem() {
        catalog.close();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> response = call("GET", gateway, "/api/catalog/courses", null, null);
            assertProblem(response, 503);
            assertThat(json(response).get("service").asString()).isEqualTo("catalog-service");
        });
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("https://mecaformation.fr/problemes/");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> call(String method, ServiceProcess target, String path, String token, String body) {
        return send(request(method, target, path, token, body).build());
    }

    private static HttpRequest.Builder request(String method, ServiceProcess target, String path, String token, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("no answer from " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
