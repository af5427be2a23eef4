package fr.mecaformation.gamification;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.gamification.application.Awards;
import fr.mecaformation.gamification.application.BadgeCredentialLog;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Badges as Open Badges 3.0 credentials against real PostgreSQL and Kafka, signed with a configured key (outside the
 * local profile, as deployed): issued once when the badge is earned, verifiable by anyone without an account (the
 * published keys, the signed log and its proofs, as progress-service's certificates), and no altered copy passes.
 */
@SpringBootTest
class BadgeCredentialIT {

    static final String PUBLIC_BASE = "https://verif.mecaformation.test";
    static final String BASE = "/api/gamification/badges/credentials";
    static final String SAMPLE_LEARNER = "8c1f2e3d-4b5a-4c6d-9e8f-7a6b5c4d3e2f";
    static final OctetKeyPair KEY = generate("badges-it");

    static PostgresSupport.Database database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "gamification-service");
        registry.add("meca.gamification.badge-credentials.signing-key", KEY::toJSONString);
        registry.add("meca.gamification.badge-credentials.public-base-url", () -> PUBLIC_BASE + "/");
    }

    @Autowired
    ApplicationContext context;

    @Autowired
    Awards awards;

    @Autowired
    CertificateSigningKey signingKey;

    WebTestClient client;

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    @Test
    void a_first_course_earns_one_credential_that_anyone_verifies_and_no_one_character_change_passes() throws Exception {
        UUID learner = UUID.randomUUID();
        // the course completed golden sample, delivered, then re-published under a new id (a replay of progress's outbox)
        JsonNode sample = sample("samples/progress/course-completed.v1.json");
        String data = EventJson.mapper().writeValueAsString(sample.get("data")).replace(SAMPLE_LEARNER, learner.toString());
        List<String> eventIds = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String eventId : eventIds) {
            KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), eventId,
                    sample.get("type").asString(), "/progress-service", data.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count("SELECT count(*) FROM platform.processed_event"
                + " WHERE consumer = 'gamification-service.xp' AND event_id IN ('" + String.join("', '", eventIds) + "')") == 2);
        assertThat(database.count("SELECT count(*) FROM badge_credential WHERE learner_id = '" + learner + "'")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM earned_badge WHERE learner_id = '" + learner + "'")).isEqualTo(1);

        // the learner finds it on their summary
        JsonNode me = json(asLearner(learner).get().uri("/api/gamification/me").exchange().expectStatus().isOk());
        assertThat(me.get("badges").get(0).get("code").asString()).isEqualTo("first_course");
        String id = me.get("badges").get(0).get("credentialId").asString();

        // anyone, without a token: the verdict, the signed credential and its inclusion proof
        WebTestClient.ResponseSpec answer = client.get().uri(BASE + "/" + id).exchange().expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noCache());
        String body = new String(answer.expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
        JsonNode status = EventJson.mapper().readTree(body);
        assertThat(status.get("verdict").asString()).isEqualTo("VALIDE");
        assertThat(status.get("checks")).hasSize(3).allSatisfy(check -> assertThat(check.get("passed").asBoolean()).isTrue());
        assertThat(body).as("nothing public carries the user id").doesNotContain(learner.toString());
        String jws = status.get("badgeCredential").get("credential").asString();
        JsonNode content = status.get("credentialContent");
        assertThat(content.get("id").asString()).isEqualTo("urn:uuid:" + id);
        assertThat(content.get("type").toString()).contains("OpenBadgeCredential");
        assertThat(content.get("issuer").get("id").asString()).isEqualTo(PUBLIC_BASE);
        assertThat(content.get("credentialSubject").get("id").asString()).startsWith("urn:uuid:");
        assertThat(content.get("credentialSubject").get("achievement").get("achievementType").asString()).isEqualTo("Badge");
        assertThat(content.get("credentialSubject").get("achievement").get("name").asString()).isEqualTo("Premier Cours");

        // checked as an outsider would, from the published keys and the proof alone
        JWKSet keys = JWKSet.parse(new String(client.get().uri(BASE + "/keys").exchange().expectStatus().isOk()
                .expectBody().returnResult().getResponseBodyContent(), StandardCharsets.UTF_8));
        assertThat(keys.getKeys()).singleElement().satisfies(key -> assertThat(key.isPrivate()).isFalse());
        JWSObject parsed = JWSObject.parse(jws);
        assertThat(parsed.getHeader().getType().getType()).isEqualTo("vc+jwt");
        assertThat(parsed.verify(new Ed25519Verifier(keys.getKeyByKeyId(parsed.getHeader().getKeyID()).toOctetKeyPair()))).isTrue();
        JsonNode proof = status.get("inclusionProof");
        byte[] credentialHash = MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII));
        assertThat(status.get("badgeCredential").get("credentialHash").asString()).isEqualTo(HexFormat.of().formatHex(credentialHash));
        assertThat(MerkleLog.verifyInclusion(proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(),
                MerkleLog.leafHash(credentialHash), hashes(proof.get("auditPath")), b64(proof.get("treeHead").get("rootHash")))).isTrue();
        JWSObject head = JWSObject.parse(proof.get("treeHead").get("signature").asString());
        assertThat(head.verify(new Ed25519Verifier(keys.getKeyByKeyId(head.getHeader().getKeyID()).toOctetKeyPair()))).isTrue();
        assertThat(head.getPayload().toJSONObject()).containsEntry("log", BadgeCredentialLog.NAME)
                .containsEntry("rootHash", proof.get("treeHead").get("rootHash").asString());

        assertThat(verify(jws).get("verdict").asString()).isEqualTo("VALIDE");
        // one character changed anywhere (header, payload, signature, the signature's last character whose low bits
        // base64url ignores): never valid
        for (int position : List.of(3, jws.indexOf('.') + 10, jws.lastIndexOf('.') - 7, jws.lastIndexOf('.') + 20, jws.length() - 1)) {
            String altered = oneCharacterChanged(jws, position);
            JsonNode verdict = verify(altered);
            assertThat(verdict.get("verdict").asString()).as("changed at " + position).isEqualTo("INVALIDE");
            assertThat(verdict.get("valid").asBoolean()).isFalse();
        }
        // signed with the service's own key but never issued: the log says no
        Map<String, Object> forged = new java.util.LinkedHashMap<>(parsed.getPayload().toJSONObject());
        forged.put("name", "Badge « Expert Électrique »");
        JsonNode unlogged = verify(signingKey.sign(CertificateSigningKey.CREDENTIAL_TYPE, forged));
        assertThat(unlogged.get("verdict").asString()).isEqualTo("INVALIDE");
        assertThat(unlogged.get("checks").toString()).contains("\"name\":\"journal\",\"passed\":false");
        // a key of the same kid that is not the service's
        JWSObject impostor = new JWSObject(parsed.getHeader(), parsed.getPayload());
        impostor.sign(new Ed25519Signer(generate("badges-it")));
        JsonNode byImpostor = verify(impostor.serialize());
        assertThat(byImpostor.get("verdict").asString()).isEqualTo("INVALIDE");
        assertThat(byImpostor.get("checks").get(0).get("passed").asBoolean()).isFalse();
    }

    @Test
    void an_unknown_a_malformed_and_a_revoked_credential_each_get_a_clear_answer() throws Exception {
        UUID learner = UUID.randomUUID();
        String id = earnFirstCourse(learner);
        String jws = database.scalar("SELECT credential_jws FROM badge_credential WHERE credential_id = '" + id + "'");

        client.get().uri(BASE + "/" + UUID.randomUUID()).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri(BASE + "/pas-un-identifiant").exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post().uri(BASE + "/verification").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("credential")
                .jsonPath("$.errors[0].message").isEqualTo("est obligatoire");
        assertThat(verify("ceci n'est pas un badge").get("verdict").asString()).isEqualTo("INVALIDE");
        assertThat(verify("ceci n'est pas un badge").get("message").asString()).contains("pas une signature JWS lisible");

        String revocation = BASE.replace("/badges/credentials", "/admin/badges/credentials") + "/" + id + "/revocation";
        asLearner(learner).post().uri(revocation).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "FRAUD"))
                .exchange().expectStatus().isForbidden();
        asAdmin().post().uri(revocation).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "INVENTE"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(database.count("SELECT count(*) FROM badge_credential WHERE revoked_at IS NOT NULL")).isZero();
        asAdmin().post().uri(revocation).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "ISSUED_IN_ERROR"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REVOQUE");
        asAdmin().post().uri(revocation).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "FRAUD"))
                .exchange().expectStatus().isEqualTo(409);
        asAdmin().post().uri(BASE.replace("/badges/credentials", "/admin/badges/credentials") + "/" + UUID.randomUUID()
                        + "/revocation").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "FRAUD"))
                .exchange().expectStatus().isNotFound();

        JsonNode revoked = verify(jws);
        assertThat(revoked.get("verdict").asString()).isEqualTo("REVOQUE");
        assertThat(revoked.get("message").asString()).contains("émis par erreur");
        client.get().uri(BASE + "/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.verdict").isEqualTo("REVOQUE").jsonPath("$.valid").isEqualTo(false);
        JsonNode revocations = json(client.get().uri(BASE + "/revocations").exchange().expectStatus().isOk());
        assertThat(revocations).singleElement().satisfies(entry -> {
            assertThat(entry.get("credentialId").asString()).isEqualTo(id);
            assertThat(entry.get("reason").asString()).isEqualTo("ISSUED_IN_ERROR");
        });
    }

    @Test
    void fifty_learners_earning_at_once_get_fifty_log_entries_without_a_gap_each_proved_against_the_signed_head() throws Exception {
        long before = database.count("SELECT count(*) FROM badge_credential");
        List<UUID> learners = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            learners.add(UUID.randomUUID());
        }
        Flux.fromIterable(learners)
                .flatMap(learner -> awards.courseCompleted(new CourseCompleted(learner, UUID.randomUUID(), "Freinage", 8,
                        Instant.now())).subscribeOn(Schedulers.boundedElastic()), 50)
                .blockLast(Duration.ofMinutes(2));

        long total = database.count("SELECT count(*) FROM badge_credential");
        assertThat(total).isEqualTo(before + 50);
        // the log is exactly the credentials: indexes 0..n-1, one leaf each, its state and latest head at n
        assertThat(database.count("SELECT count(DISTINCT log_index) FROM badge_credential WHERE log_index < " + total)).isEqualTo(total);
        assertThat(database.count("SELECT count(*) FROM badge_credential_log_leaf l JOIN badge_credential c "
                + "ON c.credential_id = l.credential_id AND c.log_index = l.leaf_index")).isEqualTo(total);
        assertThat(database.scalar("SELECT size FROM badge_credential_log_state")).isEqualTo(String.valueOf(total));
        assertThat(database.scalar("SELECT max(tree_size) FROM badge_credential_tree_head")).isEqualTo(String.valueOf(total));

        for (UUID learner : learners) {
            String id = database.scalar("SELECT credential_id FROM badge_credential WHERE learner_id = '" + learner + "'");
            JsonNode status = json(client.get().uri(BASE + "/" + id).exchange().expectStatus().isOk());
            assertThat(status.get("verdict").asString()).as(learner.toString()).isEqualTo("VALIDE");
            JsonNode proof = status.get("inclusionProof");
            assertThat(MerkleLog.verifyInclusion(proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(),
                    b64(proof.get("leafHash")), hashes(proof.get("auditPath")), b64(proof.get("treeHead").get("rootHash")))).isTrue();
        }
        // every earlier head is a prefix of the latest one
        JsonNode consistency = json(client.get().uri(BASE + "/log/consistency?from=1&to=" + total).exchange().expectStatus().isOk());
        assertThat(MerkleLog.verifyConsistency(1, total, b64(consistency.get("fromHead").get("rootHash")),
                b64(consistency.get("toHead").get("rootHash")), hashes(consistency.get("proof")))).isTrue();
        JsonNode head = json(client.get().uri(BASE + "/log/head").exchange().expectStatus().isOk());
        assertThat(head.get("treeSize").asLong()).isEqualTo(total);
        client.get().uri(BASE + "/log/consistency?from=0&to=" + (total + 1)).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void the_user_deleted_golden_sample_erases_our_copy_and_the_holders_copy_still_verifies() throws Exception {
        UUID learner = UUID.randomUUID();
        String id = earnFirstCourse(learner);
        String kept = database.scalar("SELECT credential_jws FROM badge_credential WHERE credential_id = '" + id + "'");

        JsonNode deleted = sample("samples/identity/user-deleted.v1.json");
        KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                deleted.get("type").asString(), "/auth-service", EventJson.mapper().writeValueAsString(deleted.get("data"))
                        .replace(SAMPLE_LEARNER, learner.toString()).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> database.count(
                "SELECT count(*) FROM badge_credential WHERE credential_id = '" + id + "' AND erased_at IS NOT NULL") == 1);
        assertThat(database.count("SELECT count(*) FROM badge_credential WHERE credential_id = '" + id
                + "' AND learner_id IS NULL AND credential_jws IS NULL")).isEqualTo(1);

        JsonNode status = json(client.get().uri(BASE + "/" + id).exchange().expectStatus().isOk());
        assertThat(status.get("verdict").asString()).isEqualTo("VALIDE");
        assertThat(status.get("badgeCredential").get("holderErased").asBoolean()).isTrue();
        assertThat(status.get("badgeCredential").path("credential").isMissingNode()
                || status.get("badgeCredential").path("credential").isNull()).isTrue();
        assertThat(verify(kept).get("verdict").asString()).isEqualTo("VALIDE");
    }

    @Test
    void the_log_refuses_update_delete_and_truncate() throws Exception {
        earnFirstCourse(UUID.randomUUID());
        Map<String, String> updates = Map.of("badge_credential_log_leaf", "leaf_hash = leaf_hash",
                "badge_credential_tree_head", "signature = 'x'", "badge_credential_log_node", "hash = hash");
        for (Map.Entry<String, String> table : updates.entrySet()) {
            for (String change : List.of("UPDATE " + table.getKey() + " SET " + table.getValue(),
                    "DELETE FROM " + table.getKey(), "TRUNCATE " + table.getKey() + " CASCADE")) {
                assertThatThrownBy(() -> database.execute(change)).as(change).hasMessageContaining("ajout seul");
            }
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private String earnFirstCourse(UUID learner) {
        awards.courseCompleted(new CourseCompleted(learner, UUID.randomUUID(), "Freinage", 8, Instant.now())).block();
        String id = database.scalar("SELECT credential_id FROM badge_credential WHERE learner_id = '" + learner
                + "' AND badge = 'first_course'");
        assertThat(id).isNotNull();
        return id;
    }

    private JsonNode verify(String credential) throws Exception {
        return json(client.post().uri(BASE + "/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credential", credential)).exchange().expectStatus().isOk());
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) throws Exception {
        return EventJson.mapper().readTree(response.expectBody().returnResult().getResponseBodyContent());
    }

    private static String oneCharacterChanged(String jws, int position) {
        char replaced = jws.charAt(position) == 'A' ? 'B' : 'A';
        return jws.substring(0, position) + replaced + jws.substring(position + 1);
    }

    private static byte[] b64(JsonNode node) {
        return Base64.getDecoder().decode(node.asString());
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> out = new ArrayList<>();
        array.forEach(node -> out.add(b64(node)));
        return out;
    }

    private static JsonNode sample(String resource) throws Exception {
        try (InputStream in = BadgeCredentialIT.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return EventJson.mapper().readTree(in);
        }
    }

    static OctetKeyPair generate(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(UUID.randomUUID().toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private WebTestClient asLearner(UUID learner) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(learner.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }
}
