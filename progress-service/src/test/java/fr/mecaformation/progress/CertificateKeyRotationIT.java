package fr.mecaformation.progress;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.progress.application.CertificateIssuance;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Rotating the certificate key: certificates signed with the previous key still verify once a new key signs, because
 * the published key set keeps the previous key and verification picks the key its JWS names ({@code kid}). Two
 * successive runs of the service on one database: with key A, then with B active and A kept.
 */
class CertificateKeyRotationIT {

    static final PostgresSupport.Database DATABASE = PostgresSupport.freshDatabase("progress_service_rotation_it");

    @Test
    void a_certificate_signed_with_the_previous_key_stays_valid_after_rotation_and_an_unknown_kid_is_invalid() throws Exception {
        OctetKeyPair keyA = CertificateSigningKeyFixture.generate("meca-2025-01");
        OctetKeyPair keyB = CertificateSigningKeyFixture.generate("meca-2026-06");
        OctetKeyPair unknown = CertificateSigningKeyFixture.generate("meca-unknown");

        UUID signedWithA;
        try (ConfigurableApplicationContext before = start(new JWKSet(keyA).toString(false), "")) {
            signedWithA = issue(before);
        }
        String jwsA = DATABASE.scalar("SELECT credential_jws FROM certificate WHERE certificate_id = '" + signedWithA + "'");
        assertThat(JWSObject.parse(jwsA).getHeader().getKeyID()).isEqualTo("meca-2025-01");

        // rotated: B signs from now on, A's public half is kept to verify what it signed
        try (ConfigurableApplicationContext after = start(new JWKSet(List.of(keyB, keyA.toPublicJWK())).toString(false), "meca-2026-06")) {
            UUID signedWithB = issue(after);
            String jwsB = DATABASE.scalar("SELECT credential_jws FROM certificate WHERE certificate_id = '" + signedWithB + "'");
            assertThat(JWSObject.parse(jwsB).getHeader().getKeyID()).isEqualTo("meca-2026-06");
            WebTestClient client = WebTestClient.bindToApplicationContext(after).apply(springSecurity()).configureClient()
                    .responseTimeout(Duration.ofSeconds(30)).build();

            Map<?, ?> keys = client.get().uri("/api/progress/certificates/keys").exchange().expectStatus().isOk()
                    .expectBody(Map.class).returnResult().getResponseBody();
            assertThat(JWKSet.parse((Map<String, Object>) keys).getKeys()).extracting(key -> key.getKeyID())
                    .containsExactly("meca-2026-06", "meca-2025-01");
            assertThat(keys.toString()).doesNotContain("\"d\"").doesNotContain(" d=");

            for (UUID id : List.of(signedWithA, signedWithB)) {
                client.get().uri("/api/progress/certificates/{id}", id).exchange().expectStatus().isOk()
                        .expectBody().jsonPath("$.verdict").isEqualTo("VALIDE");
            }
            verify(client, jwsA).jsonPath("$.verdict").isEqualTo("VALIDE")
                    .jsonPath("$.checks[0].detail").value(detail -> assertThat((String) detail).contains("meca-2025-01"));
            verify(client, jwsB).jsonPath("$.verdict").isEqualTo("VALIDE");

            // the same content signed by a key the platform never published, or by A claiming to be B
            Payload content = JWSObject.parse(jwsA).getPayload();
            verify(client, signed(content, unknown, "meca-unknown")).jsonPath("$.verdict").isEqualTo("INVALIDE");
            verify(client, signed(content, keyA, "meca-2026-06")).jsonPath("$.verdict").isEqualTo("INVALIDE");
        }
    }

    private static String signed(Payload payload, OctetKeyPair key, String kid) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(kid)
                .type(CertificateSigningKey.CREDENTIAL_TYPE).build(), payload);
        jws.sign(new Ed25519Signer(key));
        return jws.serialize();
    }

    private static WebTestClient.BodyContentSpec verify(WebTestClient client, String jws) {
        return client.post().uri("/api/progress/certificates/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credential", jws)).exchange().expectStatus().isOk().expectBody();
    }

    private static UUID issue(ConfigurableApplicationContext context) {
        UUID learner = UUID.randomUUID();
        UUID course = UUID.randomUUID();
        context.getBean(CertificateIssuance.class)
                .issue(new CourseCompleted(learner, course, "Géométrie des trains roulants", 4, Instant.now()))
                .block(Duration.ofSeconds(30));
        return UUID.fromString(DATABASE.scalar("SELECT certificate_id FROM certificate WHERE course_id = '" + course + "'"));
    }

    /** The service as deployed (not the local profile): its keys come from the configuration or it does not start. */
    private static ConfigurableApplicationContext start(String keySet, String activeKeyId) {
        // command-line arguments: above application.yml, whose ${...:} placeholders would win over default properties
        Map<String, String> properties = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.r2dbc.url", DATABASE.r2dbcUrl()),
                Map.entry("spring.r2dbc.username", DATABASE.username()),
                Map.entry("spring.r2dbc.password", DATABASE.password()),
                Map.entry("spring.flyway.url", DATABASE.jdbcUrl()),
                Map.entry("spring.flyway.user", DATABASE.username()),
                Map.entry("spring.flyway.password", DATABASE.password()),
                Map.entry("spring.kafka.bootstrap-servers", KafkaSupport.bootstrapServers()),
                Map.entry("eureka.client.enabled", "false"),
                Map.entry("logging.structured.format.console", ""),
                Map.entry("meca.playback-grant.key", java.util.Base64.getEncoder().encodeToString(new byte[32])),
                Map.entry("meca.progress.certificates.signing-keys", keySet),
                Map.entry("meca.progress.certificates.active-key-id", activeKeyId));
        return new SpringApplicationBuilder(ProgressServiceApplication.class)
                .web(WebApplicationType.REACTIVE)
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new));
    }
}
