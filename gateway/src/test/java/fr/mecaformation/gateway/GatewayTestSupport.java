package fr.mecaformation.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * What the gateway's edge tests stand on: a stand-in for the services behind it (answers registration and the
 * catalog), and tokens signed with a local RSA key its decoder trusts (the edge's keying is under test, not Keycloak).
 */
final class GatewayTestSupport {

    static final RSAKey SIGNING;
    static final DisposableServer SERVICES;

    static {
        try {
            SIGNING = new RSAKeyGenerator(2048).keyID("gateway-test").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        SERVICES = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .post("/api/auth/register", (request, response) -> response.status(201)
                                .header("Content-Type", "application/json").sendString(Mono.just("{}")))
                        .get("/api/catalog/courses", (request, response) -> response.status(200)
                                .header("Content-Type", "application/json").sendString(Mono.just("[]")))
                        // gamification-service, public or not: whatever reaches it answers 200 (the gateway decides)
                        .route(request -> request.uri().startsWith("/api/gamification/"), (request, response) ->
                                request.receive().then(response.status(200).header("Content-Type", "application/json")
                                        .sendString(Mono.just("{}")).then()))
                        // an admin operation a student's token reaches: progress-service's own refusal
                        .post("/api/progress/admin/certificates/{id}/revocation", (request, response) -> request.receive()
                                .then(response.status(403).header("Content-Type", "application/problem+json")
                                        .sendString(Mono.just("{\"status\":403}")).then())))
                .bindNow();
        Runtime.getRuntime().addShutdownHook(new Thread(SERVICES::disposeNow));
    }

    private GatewayTestSupport() {
    }

    static String servicesUrl() {
        return "http://127.0.0.1:" + SERVICES.port();
    }

    static String token(String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gateway-test").build(),
                    new JWTClaimsSet.Builder().subject(subject).issuer("gateway-test").audience("meca-api")
                            .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
            jwt.sign(new RSASSASigner(SIGNING));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rate-limit buckets outlive a run (their TTL is the refill time): each test starts from full ones. */
    static void emptyBuckets(ReactiveStringRedisTemplate redis) {
        redis.keys("request_rate_limiter.*").flatMap(redis::delete).then().block(Duration.ofSeconds(10));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class LocalTokens {
        @Bean
        ReactiveJwtDecoder jwtDecoder() throws JOSEException {
            return NimbusReactiveJwtDecoder.withPublicKey(SIGNING.toRSAPublicKey()).build();
        }
    }
}
