package fr.mecaformation.booking;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.booking.InternshipApplicationAccepted;
import fr.mecaformation.events.booking.InternshipApplicationDeclined;
import fr.mecaformation.events.booking.InternshipApplicationReceived;
import fr.mecaformation.events.booking.InternshipEvents;
import fr.mecaformation.events.booking.InternshipPublished;
import fr.mecaformation.events.catalog.CourseEvents;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.events.progress.CertificateEvents;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.KeycloakSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import fr.mecaformation.testsupport.TestClock;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Stages entreprises against real PostgreSQL (the place count is a conditional update and a check) and Kafka:
 * profiles, course skills and certificates arrive as auth-, catalog- and progress-service's golden samples, results
 * leave through the outbox on booking.internship.v1. One test goes with real Keycloak tokens (a partner client made as
 * auth-service makes it, the demo apprentice); the others mock tokens shaped as Keycloak makes them for a partner's
 * client credentials (subject = its service account, role {@code partner}, no name nor e-mail).
 */
@ActiveProfiles("local")
// a consumer group of its own, and the context closed after the class: another class's context cached in this JVM
// must not take this one's partitions (and the other way round)
@SpringBootTest(properties = "meca.booking.internships.consumer-group=" + InternshipApiIT.GROUP)
@DirtiesContext
class InternshipApiIT {

    static final String GROUP = "booking-service.internships-it";
    static final TestClock CLOCK = new TestClock();
    static final String PUBLISHED = EventCatalog.of(InternshipPublished.class).type();
    static final String RECEIVED = EventCatalog.of(InternshipApplicationReceived.class).type();
    static final String ACCEPTED = EventCatalog.of(InternshipApplicationAccepted.class).type();
    static final String DECLINED = EventCatalog.of(InternshipApplicationDeclined.class).type();
    static final String PROBLEM = "application/problem+json";

    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> internshipTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        database = ServiceTestEnvironment.register(registry, "booking-service");
        // real tokens are checked against the test JVM's Keycloak (mocked ones bypass the decoder)
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> KeycloakSupport.shared().issuer());
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> KeycloakSupport.shared().jwkSetUri());
        // the topics this service consumes exist before its listeners subscribe (their producers declare them)
        KafkaSupport.createTopics(PurchaseEvents.TOPIC, UserEvents.TOPIC, CourseEvents.TOPIC, CertificateEvents.TOPIC);
    }

    @TestConfiguration
    static class MovableTime {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @Autowired
    ApplicationContext context;

    BookingFixtures fixtures;

    @BeforeAll
    static void readTopic() {
        internshipTopic = KafkaSupport.consumerFromBeginning(InternshipEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        internshipTopic.close();
    }

    @BeforeEach
    void bindClient() {
        fixtures = new BookingFixtures(WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(60)).build());
        // Jackson builds a body's deserializer once, under a lock: made by one request here, not by 50 racing ones
        learner(UUID.randomUUID()).post().uri("/api/booking/internships/{id}/applications", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isNotFound();
    }

    WebTestClient partner(UUID serviceAccount) {
        return fixtures.as(serviceAccount, "partner");
    }

    WebTestClient learner(UUID id) {
        return fixtures.learner(id);
    }

    LocalDate inDays(int days) {
        return LocalDate.ofInstant(CLOCK.instant(), BookingFixtures.PARIS).plusDays(days);
    }

    static Map<String, Object> offer(String title, String trade, String qualification, String departement, LocalDate start,
                                     LocalDate end, List<String> skills, int places) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("description", "Atelier de 6 mécaniciens, tuteur dédié.");
        body.put("trade", trade);
        body.put("qualification", qualification);
        body.put("departement", departement);
        body.put("startsOn", start.toString());
        body.put("endsOn", end.toString());
        body.put("requiredSkills", skills);
        body.put("places", places);
        return body;
    }

    /** An offer none of this class's learners with a profile is near, nor fit for: it never outranks the others. */
    Map<String, Object> elsewhere(int places) {
        return offer("Stage climatisation", "CLIMATISATION", null, "2A", inDays(30), inDays(60), List.of(), places);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> published(UUID partner, Map<String, Object> body) {
        return partner(partner).post().uri("/api/booking/internships").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    WebTestClient.ResponseSpec apply(UUID learner, Object offerId) {
        return learner(learner).post().uri("/api/booking/internships/{id}/applications", offerId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("motivation", "Passionné de mécanique."))
                .exchange();
    }

    @SuppressWarnings("unchecked")
    String applied(UUID learner, Object offerId) {
        return (String) apply(learner, offerId).expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("id");
    }

    WebTestClient.ResponseSpec decide(UUID partner, Object offerId, Object applicationId, String decision) {
        return partner(partner).post().uri("/api/booking/internships/{o}/applications/{a}/{d}", offerId, applicationId, decision)
                .exchange();
    }

    JsonNode sample(String path) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            return EventJson.mapper().readTree(in);
        }
    }

    void replay(String topic, JsonNode sample) {
        replay(topic, sample, sample.get("id").asString());
    }

    void replay(String topic, JsonNode sample, String eventId) {
        KafkaSupport.sendCloudEvent(topic, sample.get("subject").asString(), eventId,
                sample.get("type").asString(), sample.get("source").asString(),
                EventJson.mapper().writeValueAsBytes(sample.get("data")));
    }

    /** Whether this class's internship group applied the event (the bookings' group has an inbox of its own). */
    long processed(String eventId) {
        return database.count("SELECT count(*) FROM platform.processed_event WHERE consumer = '" + GROUP
                + "' AND event_id = '" + eventId + "'");
    }

    // ---------------------------------------------------------------- matching from the golden samples, then erasure

    @Test
    @SuppressWarnings("unchecked")
    void a_learner_sees_a_partners_offer_ranked_first_with_reasons_from_auth_catalog_and_progress_samples_and_user_deleted_erases() throws Exception {
        JsonNode registered = sample("samples/identity/user-registered.v1.json");
        JsonNode updated = sample("samples/identity/user-profile-updated.v1.json");
        JsonNode course = sample("samples/catalog/course-published.v1.json");
        JsonNode certificate = sample("samples/progress/certificate-issued.v1.json");
        JsonNode revoked = sample("samples/progress/certificate-revoked.v1.json");
        JsonNode deleted = sample("samples/identity/user-deleted.v1.json");
        UUID learner = UUID.fromString(updated.get("data").get("profile").get("userId").asString());
        assertThat(certificate.get("data").get("learnerId").asString()).isEqualTo(learner.toString());
        assertThat(certificate.get("data").get("courseId").asString()).isEqualTo(course.get("data").get("course").get("courseId").asString());
        assertThat(deleted.get("data").get("userId").asString()).isEqualTo(learner.toString());

        // each twice: the inbox applies each once
        for (JsonNode s : List.of(registered, updated)) {
            replay(UserEvents.TOPIC, s);
            replay(UserEvents.TOPIC, s);
        }
        replay(CourseEvents.TOPIC, course);
        replay(CourseEvents.TOPIC, course);
        replay(CertificateEvents.TOPIC, certificate);
        replay(CertificateEvents.TOPIC, certificate);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(updated.get("id").asString()) == 1
                && processed(course.get("id").asString()) == 1 && processed(certificate.get("id").asString()) == 1);
        // the profile's revision 2 (département 69, CAP_MV, FREINAGE and ENTRETIEN) won over registration's revision 1
        assertThat(database.scalar("SELECT departement || ' ' || target_qualification || ' ' || revision"
                + " FROM internship_learner_profile WHERE user_id = '" + learner + "'")).isEqualTo("69 CAP_MV 2");

        UUID garage = UUID.randomUUID();
        Map<String, Object> lyon = published(garage, offer("Stage atelier freinage", "FREINAGE", "CAP_MV", "69",
                inDays(40), inDays(80), List.of("FREINAGE", "LIAISON_AU_SOL"), 2));
        Map<String, Object> isere = published(garage, offer("Stage électricité", "ELECTRICITE", null, "38",
                inDays(20), inDays(50), List.of(), 1));
        Map<String, Object> corse = published(UUID.randomUUID(), elsewhere(3));
        assertThat(lyon).containsEntry("departementName", "Rhône").containsEntry("placesLeft", 2);
        assertThat(OutboxRows.count(database, PUBLISHED, (String) lyon.get("id"))).isEqualTo(1);
        assertThat(KafkaSupport.awaitRecords(internshipTopic, r -> lyon.get("id").equals(r.key())
                && PUBLISHED.equals(KafkaSupport.header(r, "ce_type")), 1, Duration.ofSeconds(30))).hasSize(1);

        List<Map<String, Object>> matches = learner(learner).get().uri("/api/booking/internships/matches").exchange()
                .expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody().stream()
                .map(m -> (Map<String, Object>) m).toList();
        assertThat(matches).extracting(m -> ((Map<String, Object>) m.get("offer")).get("id"))
                .startsWith(lyon.get("id"), isere.get("id")).doesNotContain(corse.get("id"));
        Map<String, Object> first = matches.get(0);
        assertThat((List<String>) first.get("reasons")).containsExactly("Même département (69)",
                "Prévu pour votre diplôme préparé (CAP_MV)", "Dans votre spécialité : FREINAGE", "Compétence prouvée : FREINAGE");
        assertThat((List<String>) first.get("missingSkills")).containsExactly("LIAISON_AU_SOL");
        assertThat(first.get("score")).isEqualTo(40 + 20 + 15 + 10);
        assertThat(first.get("distanceKm")).isEqualTo(0);
        List<String> nearby = (List<String>) matches.get(1).get("reasons");
        assertThat(nearby).hasSize(1);
        assertThat(nearby.get(0)).startsWith("À environ ").endsWith(" km : Isère (38)");

        // the learner applies; the partner sees why they were shown the offer, accepts, a place is taken
        String application = applied(learner, lyon.get("id"));
        assertThat(OutboxRows.count(database, RECEIVED, (String) lyon.get("id"))).isEqualTo(1);
        Map<String, Object> seen = (Map<String, Object>) partner(garage).get()
                .uri("/api/booking/internships/{id}/applications", lyon.get("id")).exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody().get(0);
        assertThat(seen).containsEntry("learnerId", learner.toString()).containsEntry("status", "PENDING")
                .containsEntry("motivation", "Passionné de mécanique.");
        assertThat((List<String>) seen.get("reasons")).contains("Compétence prouvée : FREINAGE");
        decide(garage, lyon.get("id"), application, "acceptance").expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("ACCEPTED").jsonPath("$.placesLeft").isEqualTo(1);
        assertThat(learner(learner).get().uri("/api/booking/internships/{id}", lyon.get("id")).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody()).containsEntry("applicationStatus", "ACCEPTED");

        // a revoked certificate proves nothing any more
        replay(CertificateEvents.TOPIC, revoked);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(revoked.get("id").asString()) == 1);
        assertThat((List<String>) learner(learner).get().uri("/api/booking/internships/{id}", lyon.get("id")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("missingSkills"))
                .containsExactly("FREINAGE", "LIAISON_AU_SOL");

        // the account is erased (auth-service's sample, delivered twice): the accepted place of an internship to come is
        // given back, every application of theirs anonymised, their profile forgotten. The event id is a fresh one: the
        // sample's own id may already have been consumed from this JVM's shared topic before this class started.
        String erasure = UUID.randomUUID().toString();
        replay(UserEvents.TOPIC, deleted, erasure);
        replay(UserEvents.TOPIC, deleted, erasure);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(erasure) == 1);
        assertThat(database.count("SELECT count(*) FROM internship_application WHERE learner_id = '" + learner + "'")).isZero();
        assertThat(database.scalar("SELECT status || ' ' || (motivation IS NULL) || ' ' || cardinality(reasons)"
                + " FROM internship_application WHERE id = '" + application + "'")).isEqualTo("WITHDRAWN true 0");
        assertThat(database.scalar("SELECT places_taken FROM internship_offer WHERE id = '" + lyon.get("id") + "'")).isEqualTo("0");
        assertThat(database.count("SELECT count(*) FROM internship_learner_profile WHERE user_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM internship_certificate WHERE learner_id = '" + learner + "'")).isZero();
        learner(learner).get().uri("/api/booking/internships/matches").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
    }

    // ---------------------------------------------------------------- real tokens

    @Test
    @SuppressWarnings("unchecked")
    void with_real_keycloak_tokens_a_partner_client_publishes_and_decides_and_a_learner_applies_each_on_their_own_routes() {
        KeycloakSupport keycloak = KeycloakSupport.shared();
        KeycloakSupport.PartnerClient garage = keycloak.partnerClient("partenaire-garage-it-" + UUID.randomUUID().toString().substring(0, 8));
        String partner = "Bearer " + garage.accessToken();
        String student = "Bearer " + keycloak.accessToken(KeycloakSupport.STUDENT);
        WebTestClient client = fixtures.anonymous();

        Map<String, Object> offer = client.post().uri("/api/booking/internships").header("Authorization", partner)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(elsewhere(2)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        // the offer belongs to the client's service account, the token's subject
        assertThat(offer).containsEntry("partnerId", garage.serviceAccountId());
        assertThat(client.get().uri("/api/booking/internships/published").header("Authorization", partner).exchange()
                .expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody())
                .extracting(m -> m.get("id")).containsExactly(offer.get("id"));

        // the partner reaches no learner route, the learner no partner route
        client.get().uri("/api/booking/internships/matches").header("Authorization", partner).exchange().expectStatus().isForbidden();
        client.post().uri("/api/booking/internships").header("Authorization", student).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(elsewhere(1)).exchange().expectStatus().isForbidden();
        client.get().uri("/api/booking/internships/{id}/applications", offer.get("id")).header("Authorization", student)
                .exchange().expectStatus().isForbidden();

        client.get().uri("/api/booking/internships/matches").header("Authorization", student).exchange().expectStatus().isOk();
        Map<String, Object> application = client.post().uri("/api/booking/internships/{id}/applications", offer.get("id"))
                .header("Authorization", student).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("motivation", "Disponible tout l'été.")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        client.post().uri("/api/booking/internships/{o}/applications/{a}/acceptance", offer.get("id"), application.get("id"))
                .header("Authorization", partner).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("ACCEPTED").jsonPath("$.learnerId").isEqualTo((String) application.get("learnerId"));
        // another partner's real token: the offer does not exist for it
        String rival = "Bearer " + keycloak.partnerClient("partenaire-rival-it-" + UUID.randomUUID().toString().substring(0, 8)).accessToken();
        client.get().uri("/api/booking/internships/{id}/applications", offer.get("id")).header("Authorization", rival)
                .exchange().expectStatus().isNotFound();
        // a token that isn't Keycloak's is refused outright
        client.get().uri("/api/booking/internships/published").header("Authorization", partner.substring(0, partner.length() - 4) + "AAAA")
                .exchange().expectStatus().isUnauthorized();
    }

    // ---------------------------------------------------------------- places taken atomically

    @Test
    void fifty_concurrent_acceptances_for_an_offer_with_three_places_accept_exactly_three_and_answer_47_conflicts_in_french() throws Exception {
        UUID garage = UUID.randomUUID();
        String offer = (String) published(garage, elsewhere(3)).get("id");
        List<String> applications = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> applied(UUID.randomUUID(), offer)).toList();

        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i ->
                decide(garage, offer, applications.get(i), "acceptance").expectBody(String.class).returnResult());

        Map<Integer, Integer> statuses = new HashMap<>();
        results.forEach(r -> statuses.merge(r.getStatus().value(), 1, Integer::sum));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(200, 3, 409, 47));
        results.stream().filter(r -> r.getStatus().value() == 409).forEach(r -> {
            assertThat(r.getResponseHeaders().getContentType()).hasToString(PROBLEM);
            assertThat(r.getResponseBody()).contains("Ce stage est complet : ses 3 places sont prises.");
        });
        assertThat(database.scalar("SELECT places_taken FROM internship_offer WHERE id = '" + offer + "'")).isEqualTo("3");
        assertThat(database.count("SELECT count(*) FROM internship_application WHERE status = 'ACCEPTED' AND offer_id = '"
                + offer + "'")).isEqualTo(3);
        assertThat(OutboxRows.count(database, ACCEPTED, offer)).isEqualTo(3);
        // the offer is full: no longer listed, no more applications
        apply(UUID.randomUUID(), offer).expectStatus().isEqualTo(409).expectHeader().contentType(PROBLEM)
                .expectBody().jsonPath("$.detail").isEqualTo("Ce stage est complet : ses 3 places sont prises.");
    }

    @Test
    void a_learner_applies_once_per_offer_even_when_twenty_requests_race() throws Exception {
        String offer = (String) published(UUID.randomUUID(), elsewhere(5)).get("id");
        UUID learner = UUID.randomUUID();
        List<EntityExchangeResult<String>> results = BookingFixtures.race(20, i ->
                apply(learner, offer).expectBody(String.class).returnResult());
        Map<Integer, Integer> statuses = new HashMap<>();
        results.forEach(r -> statuses.merge(r.getStatus().value(), 1, Integer::sum));
        assertThat(statuses).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, 19));
        results.stream().filter(r -> r.getStatus().value() == 409)
                .forEach(r -> assertThat(r.getResponseBody()).contains("Vous avez déjà candidaté à ce stage"));
        assertThat(database.count("SELECT count(*) FROM internship_application WHERE offer_id = '" + offer + "'")).isEqualTo(1);
        assertThat(OutboxRows.count(database, RECEIVED, offer)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- BOLA and roles

    @Test
    @SuppressWarnings("unchecked")
    void a_partner_sees_and_decides_only_on_its_own_offers_and_roles_are_checked_before_the_body() {
        UUID garage = UUID.randomUUID();
        UUID rival = UUID.randomUUID();
        String offer = (String) published(garage, elsewhere(2)).get("id");
        UUID learner = UUID.randomUUID();
        String application = applied(learner, offer);

        partner(rival).get().uri("/api/booking/internships/{id}/applications", offer).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(PROBLEM);
        decide(rival, offer, application, "acceptance").expectStatus().isNotFound();
        decide(rival, offer, application, "refusal").expectStatus().isNotFound();
        assertThat(database.scalar("SELECT status FROM internship_application WHERE id = '" + application + "'")).isEqualTo("PENDING");
        assertThat(partner(rival).get().uri("/api/booking/internships/published").exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody()).isEmpty();
        assertThat(partner(garage).get().uri("/api/booking/internships/published").exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody()).extracting(m -> m.get("id")).containsExactly(offer);
        // an application of another offer is not this offer's
        String other = (String) published(garage, elsewhere(1)).get("id");
        decide(garage, other, application, "acceptance").expectStatus().isNotFound();

        // the owner declines; a decision is final
        decide(garage, offer, application, "refusal").expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DECLINED");
        decide(garage, offer, application, "acceptance").expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
                .isEqualTo("Cette candidature a déjà reçu une réponse (refusée) : elle ne change plus.");
        assertThat(OutboxRows.count(database, DECLINED, offer)).isEqualTo(1);
        assertThat(OutboxRows.count(database, ACCEPTED, offer)).isZero();
        assertThat(database.scalar("SELECT places_taken FROM internship_offer WHERE id = '" + offer + "'")).isEqualTo("0");
        assertThat((List<Map<String, Object>>) (List<?>) learner(learner).get().uri("/api/booking/me/internship-applications")
                .exchange().expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody())
                .extracting(m -> m.get("status")).containsExactly("DECLINED");

        // roles, before any body is read: a learner or trainer doesn't publish (even a malformed body is 403, not 400),
        // a partner doesn't apply nor list learners' matches, nobody anonymous gets in
        learner(learner).post().uri("/api/booking/internships").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"places\": \"beaucoup\"").exchange().expectStatus().isForbidden().expectHeader().contentType(PROBLEM);
        fixtures.trainer(UUID.randomUUID()).post().uri("/api/booking/internships").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(elsewhere(1)).exchange().expectStatus().isForbidden();
        partner(rival).get().uri("/api/booking/internships/matches").exchange().expectStatus().isForbidden();
        partner(rival).post().uri("/api/booking/internships/{id}/applications", offer).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isForbidden();
        learner(learner).get().uri("/api/booking/internships/{id}/applications", offer).exchange().expectStatus().isForbidden();
        fixtures.anonymous().get().uri("/api/booking/internships/matches").exchange().expectStatus().isUnauthorized();
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void bad_input_is_a_400_problem_in_french_naming_the_field_and_nothing_is_stored() {
        UUID garage = UUID.randomUUID();
        record Bad(Map<String, Object> body, String field, String message) {
        }
        List<Bad> bads = List.of(
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(30), inDays(10), List.of(), 2),
                        "endsOn", "la fin doit suivre le début"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(30), inDays(60), List.of(), 0),
                        "places", "entre 1 et 100 places"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(30), inDays(60), List.of(), 1_000_000),
                        "places", "entre 1 et 100 places"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "20", inDays(30), inDays(60), List.of(), 2),
                        "departement", "département inconnu"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "99", inDays(30), inDays(60), List.of(), 2),
                        "departement", "département inconnu"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(-3), inDays(20), List.of(), 2),
                        "startsOn", "dans le passé"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(0), inDays(20), List.of(), 2),
                        "startsOn", "dans le passé"),
                new Bad(offer("Stage freinage", "PLOMBERIE", null, "69", inDays(30), inDays(60), List.of(), 2),
                        "trade", "métier inconnu"),
                new Bad(offer("Stage freinage", "FREINAGE", "DOCTORAT", "69", inDays(30), inDays(60), List.of(), 2),
                        "qualification", "diplôme inconnu"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(30), inDays(60), List.of("JARDINAGE"), 2),
                        "requiredSkills", "compétence inconnue « JARDINAGE »"),
                new Bad(offer("Stage freinage", "FREINAGE", null, "69", inDays(30), inDays(30 + 400), List.of(), 2),
                        "endsOn", "un an au plus"),
                new Bad(offer("<b>Stage</b>", "FREINAGE", null, "69", inDays(30), inDays(60), List.of(), 2),
                        "title", ""));
        for (Bad bad : bads) {
            partner(garage).post().uri("/api/booking/internships").contentType(MediaType.APPLICATION_JSON).bodyValue(bad.body())
                    .exchange().expectStatus().isBadRequest().expectHeader().contentType(PROBLEM).expectBody()
                    .jsonPath("$.title").value(t -> assertThat((String) t).isNotBlank())
                    .jsonPath("$.errors[0].field").isEqualTo(bad.field())
                    .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains(bad.message()));
        }
        // unreadable bodies: a date that isn't one, an unknown field (mass assignment refused)
        Map<String, Object> notADate = new LinkedHashMap<>(elsewhere(2));
        notADate.put("startsOn", "31/02/2027");
        Map<String, Object> extra = new LinkedHashMap<>(elsewhere(2));
        extra.put("placesTaken", 0);
        for (Map<String, Object> body : List.of(notADate, extra)) {
            partner(garage).post().uri("/api/booking/internships").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectHeader().contentType(PROBLEM);
        }
        assertThat(database.count("SELECT count(*) FROM internship_offer WHERE partner_id = '" + garage + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM platform.outbox_event WHERE event_type = '" + PUBLISHED
                + "' AND payload::text LIKE '%" + garage + "%'")).isZero();

        // an application's motivation is plain text of bounded length; an unknown offer is 404
        String offer = (String) published(garage, elsewhere(2)).get("id");
        learner(UUID.randomUUID()).post().uri("/api/booking/internships/{id}/applications", offer)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("motivation", "x".repeat(2001))).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(PROBLEM);
        apply(UUID.randomUUID(), UUID.randomUUID()).expectStatus().isNotFound().expectBody().jsonPath("$.detail")
                .value(d -> assertThat((String) d).startsWith("Aucun stage"));
        assertThat(database.count("SELECT count(*) FROM internship_application WHERE offer_id = '" + offer + "'")).isZero();
    }
}
