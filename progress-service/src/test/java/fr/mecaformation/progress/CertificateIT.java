package fr.mecaformation.progress;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.identity.LearnerProfileSnapshot;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.progress.CertificateEvents;
import fr.mecaformation.events.progress.CertificateIssued;
import fr.mecaformation.events.progress.CertificateRevoked;
import fr.mecaformation.events.progress.CompletionEvents;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Certificates against real PostgreSQL and Kafka: issued once from {@code CourseCompleted}, verifiable by anyone
 * with the published key and the public log, revocable, printable, and erasable without leaving the log.
 */
// a developer's configuration: throw-away signing keys (no key is configured here)
@ActiveProfiles("local")
@SpringBootTest
class CertificateIT {

    static final String PUBLIC_BASE = "https://verif.mecaformation.test";
    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> certificateTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "progress-service");
        registry.add("meca.progress.certificates.public-base-url", () -> PUBLIC_BASE + "/");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeAll
    static void readTopic() {
        certificateTopic = KafkaSupport.consumerFromBeginning(CertificateEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        certificateTopic.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void a_course_completed_three_times_earns_one_certificate_that_anyone_can_verify_and_no_altered_copy_passes() throws Exception {
        UUID learner = learner("Camille Martin");
        UUID course = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        for (int delivery = 0; delivery < 3; delivery++) {
            completed(eventId, learner, course, "Diagnostic des systèmes de freinage ABS/ESP");
        }

        List<ConsumerRecord<String, byte[]>> issued = KafkaSupport.awaitRecords(certificateTopic,
                record -> isIssuedFor(record, learner), 1, Duration.ofSeconds(30));
        assertThat(issued).hasSize(1);
        assertThat(EventSchemas.violations(EventCatalog.of(CertificateIssued.class), issued.get(0).value())).isEmpty();
        // a second, different CourseCompleted for the same course (a replay upstream) issues nothing either; once the
        // listener has processed it, it has processed the three deliveries before it (same key, same partition)
        String replay = UUID.randomUUID().toString();
        completed(replay, learner, course, "Diagnostic des systèmes de freinage ABS/ESP");
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM platform.processed_event WHERE event_id = '" + replay + "'") == 1);
        assertThat(database.count("SELECT count(*) FROM certificate WHERE learner_id = '" + learner + "'")).isEqualTo(1);
        assertThat(OutboxRows.count(database, EventCatalog.of(CertificateIssued.class).type(), database.scalar(
                "SELECT certificate_id FROM certificate WHERE learner_id = '" + learner + "'")))
                .as("no second CertificateIssued").isEqualTo(1);

        CertificateIssued event = EventJson.read(issued.get(0).value(), CertificateIssued.class);
        List<Map<String, Object>> mine = asLearner(learner).get().uri("/api/progress/me/certificates").exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0)).containsEntry("certificateId", event.certificateId().toString())
                .containsEntry("holderName", "Camille Martin").containsEntry("status", "VALIDE")
                .containsEntry("verificationUrl", PUBLIC_BASE + "/api/progress/certificates/" + event.certificateId() + "/page");
        String jws = (String) mine.get(0).get("credential");
        assertThat(event.credentialHash()).isEqualTo(java.util.HexFormat.of().formatHex(MerkleLog.sha256(jws.getBytes(StandardCharsets.US_ASCII))));

        // independently of the service: the JWS verifies with the published public key and says what it should
        Map<String, Object> keys = client.get().uri("/api/progress/certificates/keys").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        OctetKeyPair published = (OctetKeyPair) JWKSet.parse(keys).getKeys().get(0);
        assertThat(published.isPrivate()).as("only the public key is published").isFalse();
        assertThat(keys.toString()).doesNotContain("\"d\"").doesNotContain(" d=");
        JWSObject credential = JWSObject.parse(jws);
        assertThat(credential.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(credential.getHeader().getType().getType()).isEqualTo("vc+jwt");
        assertThat(credential.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(credential.verify(new Ed25519Verifier(published))).isTrue();
        Map<String, Object> vc = credential.getPayload().toJSONObject();
        assertThat((List<Object>) vc.get("@context")).containsExactly("https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json");
        assertThat((List<Object>) vc.get("type")).containsExactly("VerifiableCredential", "OpenBadgeCredential");
        assertThat(vc.get("id")).isEqualTo("urn:uuid:" + event.certificateId());
        assertThat(((Map<?, ?>) vc.get("issuer")).get("name")).isEqualTo("MécaFormation");
        assertThat(vc.get("validFrom")).isNotNull();
        Map<?, ?> subject = (Map<?, ?>) vc.get("credentialSubject");
        // the subject's id is the certificate's own: the platform's user id is nowhere in what the public sees
        assertThat((String) subject.get("id")).startsWith("urn:uuid:").isNotEqualTo("urn:uuid:" + learner)
                .isNotEqualTo("urn:uuid:" + event.certificateId());
        assertThat(credential.getPayload().toString()).doesNotContain(learner.toString());
        assertThat((List<Object>) subject.get("type")).containsExactly("AchievementSubject");
        assertThat(((Map<?, ?>) ((List<?>) subject.get("identifier")).get(0)).get("identityHash")).isEqualTo("Camille Martin");
        assertThat(((Map<?, ?>) subject.get("achievement")).get("name")).isEqualTo("Diagnostic des systèmes de freinage ABS/ESP");

        // through the public endpoint, without any token
        verify(jws).jsonPath("$.verdict").isEqualTo("VALIDE").jsonPath("$.valid").isEqualTo(true)
                .jsonPath("$.message").value(message -> assertThat((String) message).startsWith("Certificat authentique"))
                .jsonPath("$.certificate.certificateId").isEqualTo(event.certificateId().toString())
                .jsonPath("$.credentialContent.credentialSubject.achievement.name").isEqualTo("Diagnostic des systèmes de freinage ABS/ESP");

        // one character changed, anywhere: in the payload, in the signature, even in the signature's last (padding) bits
        int payloadMiddle = jws.indexOf('.') + (jws.lastIndexOf('.') - jws.indexOf('.')) / 2;
        for (int position : List.of(payloadMiddle, jws.lastIndexOf('.') + 10, jws.length() - 1, 5)) {
            String altered = jws.substring(0, position) + other(jws.charAt(position)) + jws.substring(position + 1);
            verify(altered).jsonPath("$.verdict").isEqualTo("INVALIDE").jsonPath("$.valid").isEqualTo(false)
                    .jsonPath("$.message").value(message -> assertThat((String) message).startsWith("Certificat non valide"));
        }
        verify("bonjour").jsonPath("$.verdict").isEqualTo("INVALIDE");
        client.post().uri("/api/progress/certificates/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("jws", jws)).exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.post().uri("/api/progress/certificates/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credential", " ")).exchange().expectStatus().isBadRequest();

        // the public view and the page the QR code opens
        client.get().uri("/api/progress/certificates/{id}", event.certificateId()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.verdict").isEqualTo("VALIDE").jsonPath("$.certificate.credential").isEqualTo(jws)
                .jsonPath("$.certificate.status").isEqualTo("VALIDE")
                .jsonPath("$.inclusionProof.leafIndex").isEqualTo((int) event.logIndex());
        String page = client.get().uri("/api/progress/certificates/{id}/page", event.certificateId()).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Certificat valide", "Camille Martin", "Diagnostic des systèmes de freinage ABS/ESP");
        for (String publicAnswer : List.of(page,
                client.get().uri("/api/progress/certificates/{id}", event.certificateId()).exchange()
                        .expectBody(String.class).returnResult().getResponseBody(),
                client.post().uri("/api/progress/certificates/verification").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("credential", jws)).exchange().expectBody(String.class).returnResult().getResponseBody())) {
            assertThat(publicAnswer).doesNotContain(learner.toString());
        }
        client.get().uri("/api/progress/certificates/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/progress/certificates/pas-un-uuid").exchange().expectStatus().isBadRequest();
    }

    @Test
    void the_signed_head_moves_with_each_issue_and_earlier_proofs_still_verify_with_a_consistency_proof_between_heads() throws Exception {
        OctetKeyPair key = publicKey();
        Map<String, Object> first = certificate(issue(learner("Lucas Bernard"), "Climatisation automobile"));
        Map<String, Object> firstProof = path(first, "inclusionProof");
        Map<String, Object> oldHead = path(firstProof, "treeHead");
        assertThat(inclusionVerifies(first, firstProof, oldHead)).isTrue();
        assertThat(headSignedBy(oldHead, key)).isTrue();
        Map<String, Object> latest = head();
        assertThat(latest.get("treeSize")).isEqualTo(oldHead.get("treeSize"));

        issue(learner("Emma Petit"), "Boîtes de vitesses automatiques");
        Map<String, Object> newHead = head();
        assertThat(number(newHead, "treeSize")).isEqualTo(number(oldHead, "treeSize") + 1);
        assertThat(newHead.get("rootHash")).isNotEqualTo(oldHead.get("rootHash"));
        assertThat(headSignedBy(newHead, key)).isTrue();

        // the proof obtained earlier still verifies against the older head, and not against the new root
        assertThat(inclusionVerifies(first, firstProof, oldHead)).isTrue();
        assertThat(inclusionVerifies(first, firstProof, Map.of("treeSize", oldHead.get("treeSize"), "rootHash", newHead.get("rootHash"))))
                .isFalse();
        // the old head is a prefix of the new one
        Map<String, Object> consistency = client.get().uri("/api/progress/certificates/log/consistency?from={from}&to={to}",
                        oldHead.get("treeSize"), newHead.get("treeSize")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(path(consistency, "fromHead").get("rootHash")).isEqualTo(oldHead.get("rootHash"));
        assertThat(path(consistency, "toHead").get("rootHash")).isEqualTo(newHead.get("rootHash"));
        assertThat(MerkleLog.verifyConsistency(number(oldHead, "treeSize"), number(newHead, "treeSize"), hash(oldHead.get("rootHash")),
                hash(newHead.get("rootHash")), hashes(consistency.get("proof")))).isTrue();
        assertThat(MerkleLog.verifyConsistency(number(oldHead, "treeSize"), number(newHead, "treeSize"), hash(newHead.get("rootHash")),
                hash(newHead.get("rootHash")), hashes(consistency.get("proof")))).isFalse();
        // and today's proof of the first certificate verifies against today's head
        Map<String, Object> again = certificate(UUID.fromString((String) path(first, "certificate").get("certificateId")));
        assertThat(inclusionVerifies(again, path(again, "inclusionProof"), newHead)).isTrue();

        // bad sizes: 400 problem
        for (String query : List.of("from=0&to=1", "from=2&to=1", "from=1&to=" + (number(newHead, "treeSize") + 1), "from=a&to=1", "to=1")) {
            client.get().uri("/api/progress/certificates/log/consistency?" + query).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }

        // the log is append-only, whoever asks the database
        long size = database.count("SELECT count(*) FROM certificate_log_leaf");
        for (String change : List.of("UPDATE certificate_log_leaf SET leaf_hash = sha256('x'::bytea)",
                "DELETE FROM certificate_log_leaf", "TRUNCATE certificate_log_leaf",
                "UPDATE certificate_tree_head SET signed_at = now() - interval '1 year'", "DELETE FROM certificate_tree_head",
                "TRUNCATE certificate_tree_head")) {
            assertThatThrownBy(() -> database.execute(change)).as(change).hasMessageContaining("ajout seul");
        }
        assertThat(database.count("SELECT count(*) FROM certificate_log_leaf")).isEqualTo(size);
    }

    @Test
    void an_admin_revokes_a_certificate_with_a_reason_and_verification_and_the_public_list_say_so() {
        UUID learner = learner("Hugo Leroy");
        UUID certificateId = issue(learner, "Moteur : distribution");
        String jws = (String) path(certificate(certificateId), "certificate").get("credential");

        asLearner(learner).post().uri("/api/progress/admin/certificates/{id}/revocation", certificateId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "FRAUD")).exchange()
                .expectStatus().isForbidden();
        asAdmin().post().uri("/api/progress/admin/certificates/{id}/revocation", certificateId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "PARCE_QUE")).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        asAdmin().post().uri("/api/progress/admin/certificates/{id}/revocation", certificateId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("note", "sans motif")).exchange()
                .expectStatus().isBadRequest();
        verify(jws).jsonPath("$.verdict").isEqualTo("VALIDE");

        asAdmin().post().uri("/api/progress/admin/certificates/{id}/revocation", certificateId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "FRAUD", "note", "Quiz passés par un tiers"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("REVOQUE").jsonPath("$.revocationReason").isEqualTo("FRAUD");
        asAdmin().post().uri("/api/progress/admin/certificates/{id}/revocation", certificateId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "OTHER")).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("déjà révoqué"));
        asAdmin().post().uri("/api/progress/admin/certificates/{id}/revocation", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "OTHER")).exchange()
                .expectStatus().isNotFound();

        verify(jws).jsonPath("$.verdict").isEqualTo("REVOQUE").jsonPath("$.valid").isEqualTo(false)
                .jsonPath("$.message").value(message -> assertThat((String) message).contains("révoqué", "fraude constatée"));
        client.get().uri("/api/progress/certificates/revocations").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.certificateId == '" + certificateId + "')].reason").isEqualTo("FRAUD")
                .jsonPath("$[?(@.certificateId == '" + certificateId + "')].reasonLabel").isEqualTo("fraude constatée");
        assertThat(client.get().uri("/api/progress/certificates/revocations").exchange().expectBody(String.class)
                .returnResult().getResponseBody()).doesNotContain("Quiz passés par un tiers");
        assertThat(client.get().uri("/api/progress/certificates/{id}/page", certificateId).exchange()
                .expectBody(String.class).returnResult().getResponseBody()).contains("Certificat révoqué");

        List<ConsumerRecord<String, byte[]>> revoked = KafkaSupport.awaitRecords(certificateTopic,
                record -> certificateId.toString().equals(record.key())
                        && EventCatalog.of(CertificateRevoked.class).type().equals(KafkaSupport.header(record, "ce_type")),
                1, Duration.ofSeconds(20));
        assertThat(revoked).hasSize(1);
        assertThat(EventJson.read(revoked.get(0).value(), CertificateRevoked.class).reason()).isEqualTo("FRAUD");
    }

    @Test
    void the_pdf_carries_a_qr_code_to_the_verification_page_and_only_its_holder_or_an_admin_gets_it() throws Exception {
        UUID learner = learner("Léa Dubois");
        UUID certificateId = issue(learner, "Électricité automobile : multiplexage");

        byte[] pdf = asLearner(learner).get().uri("/api/progress/certificates/{id}/pdf", certificateId).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document))
                    .contains("Léa Dubois", "Électricité automobile : multiplexage", certificateId.toString())
                    .doesNotContain(learner.toString());
            PDResources resources = document.getPage(0).getResources();
            List<String> decoded = new ArrayList<>();
            for (COSName name : resources.getXObjectNames()) {
                if (resources.getXObject(name) instanceof PDImageXObject image) {
                    decoded.add(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                            new BufferedImageLuminanceSource(image.getImage())))).getText());
                }
            }
            assertThat(decoded).containsExactly(PUBLIC_BASE + "/api/progress/certificates/" + certificateId + "/page");
        }

        asLearner(UUID.randomUUID()).get().uri("/api/progress/certificates/{id}/pdf", certificateId).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.get().uri("/api/progress/certificates/{id}/pdf", certificateId).exchange().expectStatus().isUnauthorized();
        asAdmin().get().uri("/api/progress/certificates/{id}/pdf", certificateId).exchange().expectStatus().isOk();
    }

    @Test
    void an_erased_account_loses_its_name_and_credential_but_its_certificate_stays_in_the_log_and_still_verifies() throws Exception {
        JsonNode deleted = sample("samples/identity/user-deleted.v1.json");
        UUID learner = UUID.fromString(deleted.get("data").get("userId").asString());
        register(learner, "Inès Martin");
        UUID certificateId = issue(learner, "Géométrie des trains roulants");
        String jws = (String) path(certificate(certificateId), "certificate").get("credential");
        long leaves = database.count("SELECT count(*) FROM certificate_log_leaf");

        for (int delivery = 0; delivery < 2; delivery++) {
            KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), deleted.get("id").asString(),
                    deleted.get("type").asString(), "/auth-service", EventJson.mapper().writeValueAsBytes(deleted.get("data")));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM certificate WHERE certificate_id = '" + certificateId + "' AND erased_at IS NOT NULL") == 1);

        assertThat(database.count("SELECT count(*) FROM certificate WHERE certificate_id = '" + certificateId
                + "' AND holder_name IS NULL AND credential_jws IS NULL AND learner_id IS NULL")).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM certificate WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM certificate_log_leaf")).isEqualTo(leaves);
        client.get().uri("/api/progress/certificates/{id}", certificateId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.verdict").isEqualTo("VALIDE")
                .jsonPath("$.certificate.holderName").doesNotExist()
                .jsonPath("$.certificate.credential").doesNotExist()
                .jsonPath("$.certificate.holderErased").isEqualTo(true)
                .jsonPath("$.certificate.holderNotice").value(notice -> assertThat((String) notice).contains("effacées à sa demande"))
                .jsonPath("$.certificate.courseTitle").isEqualTo("Géométrie des trains roulants");
        assertThat(client.get().uri("/api/progress/certificates/{id}/page", certificateId).exchange()
                .expectBody(String.class).returnResult().getResponseBody())
                .contains("effacées à sa demande").doesNotContain("Inès Martin");
        // the copy the holder kept still verifies: its hash is in the log
        verify(jws).jsonPath("$.verdict").isEqualTo("VALIDE")
                .jsonPath("$.message").value(message -> assertThat((String) message).contains("effacées à sa demande"))
                .jsonPath("$.certificate.holderName").doesNotExist();
        asLearner(learner).get().uri("/api/progress/me/certificates").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    @Test
    void the_certificate_names_the_holder_by_their_legal_name_from_the_identity_events_never_their_display_name() throws Exception {
        // auth-service's golden samples, replayed as they are (with a learner of this test's own)
        UUID learner = UUID.randomUUID();
        for (String resource : List.of("samples/identity/user-registered.v1.json", "samples/identity/user-profile-updated.v1.json")) {
            JsonNode sample = sample(resource);
            String data = EventJson.mapper().writeValueAsString(sample.get("data")).replace(sample.get("subject").asString(),
                    learner.toString());
            KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                    sample.get("type").asString(), "/auth-service", data.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM learner WHERE learner_id = '" + learner + "' AND revision = 2") == 1);
        assertThat(database.scalar("SELECT display_name FROM learner WHERE learner_id = '" + learner + "'")).isEqualTo("Nénès du garage");

        UUID certificateId = issue(learner, "Climatisation : recharge et diagnostic");
        Map<String, Object> shown = path(certificate(certificateId), "certificate");
        assertThat(shown.get("holderName")).isEqualTo("Inès Martin");
        String jws = (String) shown.get("credential");
        String payload = JWSObject.parse(jws).getPayload().toString();
        assertThat(payload).contains("Inès Martin").doesNotContain("Nénès");
        assertThat(client.get().uri("/api/progress/certificates/{id}/page", certificateId).exchange()
                .expectBody(String.class).returnResult().getResponseBody()).contains("Inès Martin").doesNotContain("Nénès");
        byte[] pdf = asLearner(learner).get().uri("/api/progress/certificates/{id}/pdf", certificateId).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Inès Martin").doesNotContain("Nénès");
        }

        // an event from before auth-service sent the legal name (none in it) keeps the one already known
        UserProfileUpdated older = new UserProfileUpdated(new LearnerProfileSnapshot(learner, "Nénès 2", null, "CAP_MV",
                List.of(), 3), List.of("displayName"));
        KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(UserProfileUpdated.class).type(), "/auth-service", EventJson.write(older));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM learner WHERE learner_id = '" + learner + "' AND revision = 3") == 1);
        assertThat(database.scalar("SELECT legal_name FROM learner WHERE learner_id = '" + learner + "'")).isEqualTo("Inès Martin");
    }

    // --- helpers ---

    private UUID learner(String name) {
        UUID learner = UUID.randomUUID();
        register(learner, name);
        return learner;
    }

    /** A learner whose legal name is {@code name}; their display name is another one, which no certificate shows. */
    private void register(UUID learner, String name) {
        UserRegistered registered = new UserRegistered(new LearnerProfileSnapshot(learner, "Pseudo " + learner.toString().substring(0, 6),
                name, null, "CAP_MV", List.of(), 1), List.of("student"), Instant.now());
        KafkaSupport.sendCloudEvent(UserEvents.TOPIC, learner.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(UserRegistered.class).type(), "/auth-service", EventJson.write(registered));
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM learner WHERE learner_id = '" + learner + "'") == 1);
    }

    private void completed(String eventId, UUID learner, UUID course, String title) {
        KafkaSupport.sendCloudEvent(CompletionEvents.TOPIC, learner.toString(), eventId,
                EventCatalog.of(CourseCompleted.class).type(), "/progress-service",
                EventJson.write(new CourseCompleted(learner, course, title, 8, Instant.now())));
    }

    /** Completes a new course for the learner and waits for its certificate. */
    private UUID issue(UUID learner, String title) {
        UUID course = UUID.randomUUID();
        completed(UUID.randomUUID().toString(), learner, course, title);
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM certificate WHERE learner_id = '"
                + learner + "' AND course_id = '" + course + "'") == 1);
        return UUID.fromString(database.scalar("SELECT certificate_id FROM certificate WHERE course_id = '" + course + "'"));
    }

    private Map<String, Object> certificate(UUID certificateId) {
        return client.get().uri("/api/progress/certificates/{id}", certificateId).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private Map<String, Object> head() {
        return client.get().uri("/api/progress/certificates/log/head").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    private OctetKeyPair publicKey() throws Exception {
        Map<String, Object> keys = client.get().uri("/api/progress/certificates/keys").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return (OctetKeyPair) JWKSet.parse(keys).getKeys().get(0);
    }

    private WebTestClient.BodyContentSpec verify(String jws) {
        return client.post().uri("/api/progress/certificates/verification").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credential", jws)).exchange().expectStatus().isOk().expectBody();
    }

    /** Checks an inclusion proof the way an outside verifier would: leaf = H(0x00 ‖ SHA-256(JWS)), RFC 9162 path. */
    private static boolean inclusionVerifies(Map<String, Object> certificate, Map<String, Object> proof, Map<String, Object> head) {
        String credentialHash = (String) path(certificate, "certificate").get("credentialHash");
        byte[] leaf = MerkleLog.leafHash(java.util.HexFormat.of().parseHex(credentialHash));
        return MerkleLog.verifyInclusion(number(proof, "leafIndex"), number(head, "treeSize"), leaf, hashes(proof.get("auditPath")),
                hash(head.get("rootHash")));
    }

    private static boolean headSignedBy(Map<String, Object> head, OctetKeyPair key) throws Exception {
        JWSObject signed = JWSObject.parse((String) head.get("signature"));
        Map<String, Object> claims = signed.getPayload().toJSONObject();
        return signed.verify(new Ed25519Verifier(key)) && ((Number) claims.get("treeSize")).longValue() == number(head, "treeSize")
                && claims.get("rootHash").equals(head.get("rootHash"));
    }

    private WebTestClient asLearner(UUID subject) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_student")));
    }

    private WebTestClient asAdmin() {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(UUID.randomUUID().toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_admin")));
    }

    private static boolean isIssuedFor(ConsumerRecord<String, byte[]> record, UUID learner) {
        return EventCatalog.of(CertificateIssued.class).type().equals(KafkaSupport.header(record, "ce_type"))
                && new String(record.value(), StandardCharsets.UTF_8).contains(learner.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> path(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    private static byte[] hash(Object base64) {
        return Base64.getDecoder().decode((String) base64);
    }

    private static List<byte[]> hashes(Object base64List) {
        return ((List<?>) base64List).stream().map(CertificateIT::hash).toList();
    }

    private static char other(char c) {
        return c == 'A' ? 'B' : 'A';
    }

    private static JsonNode sample(String resource) throws Exception {
        try (InputStream in = CertificateIT.class.getClassLoader().getResourceAsStream(resource)) {
            return EventJson.mapper().readTree(in);
        }
    }
}
