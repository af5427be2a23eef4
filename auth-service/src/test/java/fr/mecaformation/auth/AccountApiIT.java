package fr.mecaformation.auth;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventSchemas;
import fr.mecaformation.events.identity.UserDeleted;
import fr.mecaformation.events.identity.CohortEvents;
import fr.mecaformation.events.identity.CohortMemberAdded;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.identity.UserProfileUpdated;
import fr.mecaformation.events.identity.UserRegistered;
import fr.mecaformation.events.identity.UserRoleChanged;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import fr.mecaformation.testsupport.KeycloakPages;
import fr.mecaformation.testsupport.KeycloakSupport;
import fr.mecaformation.testsupport.MailSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Registration and profiles against a real Keycloak (started from its distribution, the committed realm), a real
 * PostgreSQL and a real Kafka broker, with the tokens Keycloak really issues.
 */
@SpringBootTest
class AccountApiIT {

    static final String STRONG_PASSWORD = "Atelier-2026-frein";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static KeycloakSupport keycloak;
    static PostgresSupport.Database database;
    static KafkaConsumer<String, byte[]> userTopic;
    static KafkaConsumer<String, byte[]> cohortTopic;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        database = ServiceTestEnvironment.register(registry, "auth-service");
        keycloak = KeycloakSupport.shared();
        registry.add("meca.keycloak.url", keycloak::baseUrl);
        registry.add("meca.keycloak.client-secret", () -> KeycloakSupport.SERVICES_CLIENT_SECRET);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", keycloak::issuer);
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", keycloak::jwkSetUri);
        // a mail server that comes back is noticed within a second
        registry.add("meca.registration.verification-email.first-retry", () -> "200ms");
        registry.add("meca.registration.verification-email.max-retry", () -> "1s");
    }

    @Autowired
    ApplicationContext context;

    WebTestClient client;

    @BeforeAll
    static void readTopic() {
        userTopic = KafkaSupport.consumerFromBeginning(UserEvents.TOPIC);
        cohortTopic = KafkaSupport.consumerFromBeginning(CohortEvents.TOPIC);
    }

    @AfterAll
    static void closeTopic() {
        userTopic.close();
        cohortTopic.close();
    }

    @BeforeEach
    void bindClient() {
        client = WebTestClient.bindToApplicationContext(context).configureClient()
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void a_learner_registers_verifies_their_email_signs_in_as_student_and_completes_their_profile() {
        String email = uniqueEmail("ines");
        JsonNode registered = register(email, STRONG_PASSWORD, "Inès", "Martin")
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", ".*/api/auth/me$")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String userId = registered.get("userId").asString();
        assertThat(registered.get("email").asString()).isEqualTo(email);
        assertThat(registered.get("emailVerificationRequired").asBoolean()).isTrue();

        ConsumerRecord<String, byte[]> event = awaitEvent(userId, EventCatalog.of(UserRegistered.class).type());
        JsonNode data = validEvent(UserRegistered.class, event);
        assertThat(data.at("/profile/displayName").asString()).isEqualTo("Inès Martin");
        assertThat(data.at("/roles/0").asString()).isEqualTo("student");
        assertThat(new String(event.value())).doesNotContain(email);

        JsonNode refused = keycloak.passwordGrant(email, STRONG_PASSWORD);
        assertThat(refused.has("access_token")).as("sign-in before verifying the e-mail").isFalse();

        // the mail Keycloak sent to the address, its link opened in a browser
        MimeMessage verification = MailSupport.shared().awaitMessagesTo(email, 1, Duration.ofSeconds(30)).get(0);
        Document verified = KeycloakPages.newBrowser()
                .openEmailedLink(MailSupport.linkIn(verification, keycloak.actionLinkPrefix()));
        JsonNode signIn = keycloak.passwordGrant(email, STRONG_PASSWORD);
        assertThat(signIn.has("access_token")).as("sign-in after verifying the e-mail ("
                + KeycloakPages.message(verified) + "): " + signIn).isTrue();
        String token = signIn.get("access_token").asString();

        client.get().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.userId").isEqualTo(userId)
                .jsonPath("$.displayName").isEqualTo("Inès Martin")
                .jsonPath("$.targetQualification").isEqualTo("CAP_MV")
                .jsonPath("$.revision").isEqualTo(1);

        client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"phone": "06 12 34 56 78", "region": "69", "specialities": ["FREINAGE", "ENTRETIEN"],
                         "weeklyAvailabilityHours": 6, "company": "Garage Martin & Fils"}""")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.phone").isEqualTo("+33612345678")
                .jsonPath("$.region").isEqualTo("69")
                .jsonPath("$.displayName").isEqualTo("Inès Martin")
                .jsonPath("$.targetQualification").isEqualTo("CAP_MV")
                .jsonPath("$.revision").isEqualTo(2);

        ConsumerRecord<String, byte[]> updated = awaitEvent(userId, EventCatalog.of(UserProfileUpdated.class).type());
        JsonNode change = validEvent(UserProfileUpdated.class, updated);
        JsonNode fields = change.get("changedFields");
        assertThat(IntStream.range(0, fields.size()).mapToObj(i -> fields.get(i).asString()).toList())
                .containsExactlyInAnyOrder("phone", "region", "specialities", "weeklyAvailabilityHours", "company");
        assertThat(new String(updated.value())).doesNotContain("+33612345678").doesNotContain("Garage Martin");
    }

    @Test
    void the_legal_name_is_the_registered_one_the_learner_changes_only_their_display_name_and_an_admin_corrects_it_audited() {
        String email = uniqueEmail("legal");
        String userId = verifiedAccount(email, "Mathéo", "Lefèvre");
        JsonNode registered = validEvent(UserRegistered.class, awaitEvent(userId, EventCatalog.of(UserRegistered.class).type()));
        assertThat(registered.at("/profile/legalName").asString()).isEqualTo("Mathéo Lefèvre");
        String token = signIn(email);

        // the learner renames themselves: the display name changes, the legal name does not
        client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"displayName\": \"Le roi du diagnostic\"}").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.displayName").isEqualTo("Le roi du diagnostic")
                .jsonPath("$.legalName").isEqualTo("Mathéo Lefèvre");
        JsonNode renamed = validEvent(UserProfileUpdated.class, awaitEvent(userId, EventCatalog.of(UserProfileUpdated.class).type()));
        assertThat(renamed.at("/profile/displayName").asString()).isEqualTo("Le roi du diagnostic");
        assertThat(renamed.at("/profile/legalName").asString()).isEqualTo("Mathéo Lefèvre");
        // and can't write it, whatever the field is called
        for (String body : List.of("{\"legalName\": \"Albert Einstein\"}", "{\"firstName\": \"Albert\"}",
                "{\"lastName\": \"Einstein\"}")) {
            client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange().expectStatus().isBadRequest();
        }
        client.put().uri("/api/auth/admin/users/{id}/legal-name", userId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"firstName\": \"Albert\", \"lastName\": \"Einstein\"}")
                .exchange().expectStatus().isForbidden();
        assertThat(query("SELECT legal_name FROM learner_profile WHERE user_id = '" + userId + "'")).isEqualTo("Mathéo Lefèvre");

        // an admin corrects it (an identity document says "Matheo"): audited, and announced to the services
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        client.put().uri("/api/auth/admin/users/{id}/legal-name", userId).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"firstName\": \"<b>x</b>\", \"lastName\": \"Lefèvre\"}")
                .exchange().expectStatus().isBadRequest();
        client.put().uri("/api/auth/admin/users/{id}/legal-name", userId).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"firstName\": \"Matheo\", \"lastName\": \"Lefèvre\"}")
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.legalName").isEqualTo("Matheo Lefèvre")
                .jsonPath("$.displayName").isEqualTo("Le roi du diagnostic");
        List<ConsumerRecord<String, byte[]>> updates = KafkaSupport.awaitRecords(userTopic, record -> userId.equals(record.key())
                && EventCatalog.of(UserProfileUpdated.class).type().equals(KafkaSupport.header(record, "ce_type")), 1, Duration.ofSeconds(20));
        assertThat(updates).as("the correction's UserProfileUpdated").isNotEmpty();
        JsonNode corrected = validEvent(UserProfileUpdated.class, updates.get(0));
        assertThat(corrected.at("/profile/legalName").asString()).isEqualTo("Matheo Lefèvre");
        assertThat(corrected.at("/changedFields/0").asString()).isEqualTo("legalName");
        assertThat(query("SELECT action FROM audit_entry WHERE subject_id = '" + userId + "' AND action = 'LEGAL_NAME_CHANGED'"))
                .isEqualTo("LEGAL_NAME_CHANGED");
        client.put().uri("/api/auth/admin/users/{id}/legal-name", UUID.randomUUID()).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"firstName\": \"Matheo\", \"lastName\": \"Lefèvre\"}")
                .exchange().expectStatus().isNotFound();

        // erasure takes it too
        client.delete().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isNoContent();
        assertThat(query("SELECT coalesce(legal_name, 'effacé') FROM learner_profile WHERE user_id = '" + userId + "'"))
                .isEqualTo("effacé");
    }

    @Test
    void a_learner_exports_their_data_then_erases_their_account_and_can_no_longer_sign_in() {
        String email = uniqueEmail("rgpd");
        String userId = register(email, STRONG_PASSWORD, "Noah", "Petit").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("userId").asString();
        keycloak.markEmailVerified(userId);
        String token = keycloak.passwordGrant(email, STRONG_PASSWORD).get("access_token").asString();
        client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"phone\": \"0712345678\", \"company\": \"Carrosserie Petit\"}").exchange()
                .expectStatus().isOk();

        client.get().uri("/api/auth/me/export").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"mes-donnees-mecaformation.json\"")
                .expectBody()
                .jsonPath("$.profile.userId").isEqualTo(userId)
                .jsonPath("$.profile.phone").isEqualTo("+33712345678")
                .jsonPath("$.profile.company").isEqualTo("Carrosserie Petit")
                .jsonPath("$.account.email").isEqualTo(email)
                .jsonPath("$.account.emailVerified").isEqualTo(true)
                .jsonPath("$.account.roles[0]").isEqualTo("student");

        client.delete().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isNoContent();

        ConsumerRecord<String, byte[]> deleted = awaitEvent(userId, EventCatalog.of(UserDeleted.class).type());
        assertThat(validEvent(UserDeleted.class, deleted).get("userId").asString()).isEqualTo(userId);
        JsonNode signIn = keycloak.passwordGrant(email, STRONG_PASSWORD);
        assertThat(signIn.has("access_token")).as("sign-in after erasure: " + signIn).isFalse();
        assertThat(profilesWithEmail(email)).as("the e-mail address is gone from our database").isZero();
        assertThat(query("SELECT coalesce(phone, '') || coalesce(company, '') || display_name FROM learner_profile "
                + "WHERE user_id = '" + userId + "'")).isEqualTo("Compte supprimé");
        assertThat(query("SELECT action FROM audit_entry WHERE subject_id = '" + userId + "'")).isEqualTo("ACCOUNT_ERASED");
        // the still-valid token can't bring the profile back
        client.get().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isNotFound();
        client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"region\": \"75\"}").exchange().expectStatus().isNotFound();
    }

    @Test
    void an_admin_promotes_a_trainer_who_sees_their_cohorts_learners_and_nobody_else_sees_anyone_elses_profile() {
        String trainerEmail = uniqueEmail("formatrice");
        String trainerId = verifiedAccount(trainerEmail, "Sarah", "Lambert");
        String inCohort = verifiedAccount(uniqueEmail("lina"), "Lina", "Garcia");
        String notInCohort = verifiedAccount(uniqueEmail("tom"), "Tom", "Moreau");
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String student = signIn(uniqueEmailOf(notInCohort));

        // a student can't promote anyone, themselves included
        client.put().uri("/api/auth/admin/users/{id}/roles/trainer", notInCohort).headers(h -> h.setBearerAuth(student))
                .exchange().expectStatus().isForbidden();
        client.put().uri("/api/auth/admin/users/{id}/roles/trainer", trainerId).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.roles").value(roles -> assertThat(roles.toString()).contains("trainer", "student"));
        JsonNode promoted = validEvent(UserRoleChanged.class, awaitEvent(trainerId, EventCatalog.of(UserRoleChanged.class).type()));
        assertThat(promoted.get("role").asString()).isEqualTo("trainer");
        assertThat(promoted.get("granted").asBoolean()).isTrue();
        assertThat(query("SELECT action FROM audit_entry WHERE subject_id = '" + trainerId + "' AND action = 'ROLE_GRANTED'"))
                .isEqualTo("ROLE_GRANTED");
        client.get().uri(uri -> uri.path("/api/auth/admin/users").queryParam("q", trainerEmail).build())
                .headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(1).jsonPath("$.users[0].userId").isEqualTo(trainerId);

        String trainer = signIn(trainerEmail);
        String cohortId = client.post().uri("/api/auth/cohorts").headers(h -> h.setBearerAuth(trainer))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"CAP MV 2027 Lyon " + trainerId.substring(0, 8) + "\"}").exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        // a trainer can't put anyone in a cohort (user ids are public): they invite, and the learner decides
        client.post().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(trainer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"userId\": \"" + inCohort + "\"}").exchange()
                .expectStatus().isForbidden();
        invite(trainer, cohortId, "{\"email\": \"" + uniqueEmailOf(inCohort).toUpperCase() + "\"}");
        invite(trainer, cohortId, "{\"userId\": \"" + notInCohort + "\"}");
        // unknown people answer the same: the invitation tells the trainer nothing about who has an account
        invite(trainer, cohortId, "{\"email\": \"" + uniqueEmail("personne") + "\"}");
        invite(trainer, cohortId, "{\"userId\": \"" + UUID.randomUUID() + "\"}");
        client.post().uri("/api/auth/cohorts/{id}/invitations", cohortId).headers(h -> h.setBearerAuth(trainer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isBadRequest();
        assertThat(database.count("SELECT count(*) FROM cohort_invitation WHERE cohort_id = '" + cohortId + "' AND status = 'PENDING'"))
                .isEqualTo(2);

        // invited is not a member: the trainer sees nothing of them, and nothing is announced
        client.get().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        client.get().uri("/api/auth/users/{id}", inCohort).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isForbidden();
        assertThat(cohortEventsInOutbox(cohortId)).isZero();

        String learner = signIn(uniqueEmailOf(inCohort));
        client.get().uri("/api/auth/me/invitations").headers(h -> h.setBearerAuth(learner)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].cohortId").isEqualTo(cohortId)
                .jsonPath("$[0].trainerName").isEqualTo("Sarah Lambert");
        // nobody answers for someone else
        client.post().uri("/api/auth/me/invitations/{id}/accept", cohortId).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNotFound();
        client.post().uri("/api/auth/me/invitations/{id}/accept", cohortId).headers(h -> h.setBearerAuth(learner)).exchange()
                .expectStatus().isNoContent();
        client.post().uri("/api/auth/me/invitations/{id}/accept", cohortId).headers(h -> h.setBearerAuth(learner)).exchange()
                .expectStatus().isNotFound();
        // inviting a member again changes nothing
        invite(trainer, cohortId, "{\"userId\": \"" + inCohort + "\"}");
        client.post().uri("/api/auth/me/invitations/{id}/decline", cohortId).headers(h -> h.setBearerAuth(student)).exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/auth/me/invitations").headers(h -> h.setBearerAuth(student)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        assertThat(query("SELECT string_agg(action, ',' ORDER BY id) FROM audit_entry WHERE subject_id = '" + notInCohort + "'"))
                .isEqualTo("COHORT_INVITATION_SENT,COHORT_INVITATION_DECLINED");

        // progress-service learns who follows whom: one CohortMemberAdded, on acceptance only
        List<ConsumerRecord<String, byte[]>> joined = KafkaSupport.awaitRecords(cohortTopic, record -> cohortId.equals(record.key()),
                1, Duration.ofSeconds(20));
        JsonNode member = validEvent(CohortMemberAdded.class, joined.get(0));
        assertThat(member.get("learnerId").asString()).isEqualTo(inCohort);
        assertThat(member.get("trainerId").asString()).isEqualTo(trainerId);
        assertThat(OutboxRows.countOnTopic(database, CohortEvents.TOPIC, cohortId)).isEqualTo(1);

        client.get().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].userId").isEqualTo(inCohort);
        client.get().uri("/api/auth/users/{id}", inCohort).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.displayName").isEqualTo("Lina Garcia");
        client.get().uri("/api/auth/users/{id}", notInCohort).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        // learners see themselves only (BOLA)
        client.get().uri("/api/auth/users/{id}", inCohort).headers(h -> h.setBearerAuth(student)).exchange()
                .expectStatus().isForbidden();
        client.get().uri("/api/auth/users/{id}", notInCohort).headers(h -> h.setBearerAuth(student)).exchange()
                .expectStatus().isOk();
        client.get().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(student)).exchange()
                .expectStatus().isForbidden();
        // another trainer does not even learn that the cohort exists
        String otherTrainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        client.get().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(otherTrainer)).exchange()
                .expectStatus().isNotFound();
        client.post().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(otherTrainer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"userId\": \"" + notInCohort + "\"}").exchange()
                .expectStatus().isForbidden();
        client.get().uri("/api/auth/users/{id}", inCohort).headers(h -> h.setBearerAuth(otherTrainer)).exchange()
                .expectStatus().isForbidden();
        client.post().uri("/api/auth/cohorts/{id}/invitations", cohortId).headers(h -> h.setBearerAuth(otherTrainer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"userId\": \"" + notInCohort + "\"}").exchange()
                .expectStatus().isNotFound();

        // an admin may add a learner directly
        client.post().uri("/api/auth/cohorts/{id}/learners", cohortId).headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"userId\": \"" + notInCohort + "\"}").exchange()
                .expectStatus().isNoContent();
        client.get().uri("/api/auth/users/{id}", notInCohort).headers(h -> h.setBearerAuth(trainer)).exchange()
                .expectStatus().isOk();
        assertThat(cohortEventsInOutbox(cohortId)).isEqualTo(2);
    }

    private void invite(String token, String cohortId, String body) {
        client.post().uri("/api/auth/cohorts/{id}/invitations", cohortId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isAccepted();
    }

    private static long cohortEventsInOutbox(String cohortId) {
        return database.count("SELECT count(*) FROM platform.outbox_event WHERE subject = '" + cohortId + "'");
    }

    @Test
    void a_partner_client_gets_tokens_by_client_credentials_reaches_only_partner_routes_and_loses_access_when_revoked() {
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        client.post().uri("/api/auth/admin/partners").headers(h -> h.setBearerAuth(student))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"company\":\"Garage Pirate\",\"contactEmail\":\"a@b.fr\",\"scopes\":[\"JOBS_WRITE\"]}")
                .exchange().expectStatus().isForbidden();
        JsonNode created = client.post().uri("/api/auth/admin/partners").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"company\":\"Réseau Garages Émeraude\",\"contactEmail\":\"rh@emeraude.example\","
                        + "\"scopes\":[\"INTERNSHIPS_WRITE\",\"JOBS_WRITE\"]}")
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Cache-Control", ".*no-store.*")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String partnerId = created.at("/partner/id").asString();
        String clientId = created.get("clientId").asString();
        String secret = created.get("clientSecret").asString();
        assertThat(clientId).startsWith("partenaire-reseau-garages-emeraude-");
        assertThat(query("SELECT count(*) FROM partner WHERE client_id = '" + clientId + "' AND scopes = '{INTERNSHIPS_WRITE,JOBS_WRITE}'"))
                .isEqualTo("1");

        String partner = partnerToken(clientId, secret);
        client.get().uri("/api/auth/partner/me").headers(h -> h.setBearerAuth(partner)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.company").isEqualTo("Réseau Garages Émeraude")
                .jsonPath("$.clientId").isEqualTo(clientId);
        for (String path : List.of("/api/auth/me", "/api/auth/me/export", "/api/auth/cohorts", "/api/auth/admin/users",
                "/api/auth/admin/partners", "/api/auth/users/" + UUID.randomUUID())) {
            client.get().uri(path).headers(h -> h.setBearerAuth(partner)).exchange()
                    .expectStatus().isForbidden().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client.get().uri("/api/auth/partner/me").headers(h -> h.setBearerAuth(student)).exchange().expectStatus().isForbidden();

        String rotated = client.post().uri("/api/auth/admin/partners/{id}/secret", partnerId).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("clientSecret").asString();
        assertThat(rotated).isNotEqualTo(secret);
        assertThat(keycloak.clientCredentialsGrant(clientId, secret).has("access_token")).as("old secret").isFalse();
        partnerToken(clientId, rotated);

        client.delete().uri("/api/auth/admin/partners/{id}", partnerId).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNoContent();
        assertThat(keycloak.clientCredentialsGrant(clientId, rotated).has("access_token")).as("after revocation").isFalse();
        client.get().uri("/api/auth/partner/me").headers(h -> h.setBearerAuth(partner)).exchange().expectStatus().isNotFound();
        assertThat(query("SELECT string_agg(action, ',' ORDER BY id) FROM audit_entry WHERE subject_id = '" + partnerId + "'"))
                .isEqualTo("PARTNER_CREATED,PARTNER_SECRET_ROTATED,PARTNER_REVOKED");
    }

    @Test
    void an_admin_disables_and_enables_an_account_and_both_are_audited() {
        String email = uniqueEmail("suspendu");
        String userId = verifiedAccount(email, "Hugo", "Blanc");
        String admin = keycloak.accessToken(KeycloakSupport.ADMIN);
        signIn(email);

        client.post().uri("/api/auth/admin/users/{id}/disable", userId).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNoContent();
        assertThat(keycloak.passwordGrant(email, STRONG_PASSWORD).has("access_token")).as("while disabled").isFalse();
        client.post().uri("/api/auth/admin/users/{id}/enable", userId).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isNoContent();
        signIn(email);
        assertThat(query("SELECT string_agg(action, ',' ORDER BY id) FROM audit_entry WHERE subject_id = '" + userId + "'"))
                .isEqualTo("ACCOUNT_DISABLED,ACCOUNT_ENABLED");
        client.post().uri("/api/auth/admin/users/{id}/disable", UUID.randomUUID()).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void authorization_comes_before_the_body_a_student_posting_a_malformed_body_gets_403() {
        String student = keycloak.accessToken(KeycloakSupport.STUDENT);
        String trainer = keycloak.accessToken(KeycloakSupport.TRAINER);
        for (String body : List.of("{\"name\":", "{\"name\": \"<b>x</b>\"}", "{\"name\": \"CAP\", \"trainerId\": 1}")) {
            client.post().uri("/api/auth/cohorts").headers(h -> h.setBearerAuth(student)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
            client.post().uri("/api/auth/cohorts").headers(h -> h.setBearerAuth(trainer)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isBadRequest();
        }
        client.post().uri("/api/auth/admin/partners").headers(h -> h.setBearerAuth(trainer)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"company\":").exchange().expectStatus().isForbidden();
        client.post().uri("/api/auth/cohorts/{id}/learners", UUID.randomUUID()).headers(h -> h.setBearerAuth(trainer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"userId\": 12}").exchange().expectStatus().isForbidden();
    }

    @Test
    void the_audit_trail_is_append_only() {
        assertThatThrownBy(() -> query("UPDATE audit_entry SET action = 'X' RETURNING action"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> query("DELETE FROM audit_entry RETURNING action"))
                .hasMessageContaining("append-only");
    }

    @Test
    void when_the_profile_cannot_be_written_the_keycloak_account_is_undone_and_nobody_is_half_registered() {
        database.execute("""
                    CREATE FUNCTION refuse_test_profiles() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.email LIKE 'echec-%' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER refuse_test_profiles BEFORE INSERT ON learner_profile
                        FOR EACH ROW EXECUTE FUNCTION refuse_test_profiles();""");
        String email = uniqueEmail("echec");
        register(email, STRONG_PASSWORD, "Jade", "Fournier").expectStatus().is5xxServerError()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString()).doesNotContain("disk full"));
        assertThat(keycloak.usersNamed(email)).as("Keycloak account undone").isZero();
        assertThat(profilesWithEmail(email)).isZero();
        assertThat(query("SELECT count(*) FROM platform.outbox_event WHERE payload::text LIKE '%Jade Fournier%'")).isEqualTo("0");
    }

    @Test
    void a_second_account_with_the_same_email_is_409_and_keycloak_keeps_one() {
        String email = uniqueEmail("doublon");
        register(email, STRONG_PASSWORD, "Premier", "Compte").expectStatus().isCreated();
        register(email.toUpperCase(), STRONG_PASSWORD, "Second", "Compte").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(keycloak.usersNamed(email)).isEqualTo(1);
        assertThat(profilesWithEmail(email)).isEqualTo(1);
    }

    static Stream<Arguments> weakPasswords() {
        return Stream.of(
                Arguments.of("court1A", "Au moins 10 caractères."),
                Arguments.of("sans-chiffre-Atelier", "Au moins un chiffre."),
                Arguments.of("sans-majuscule-2026", "Au moins une lettre majuscule."));
    }

    @ParameterizedTest
    @MethodSource("weakPasswords")
    void a_password_keycloak_refuses_is_400_naming_the_rule_and_nothing_is_created(String password, String rule) {
        String email = uniqueEmail("faible");
        register(email, password, "Mot", "Faible").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("password")
                .jsonPath("$.errors[0].message").isEqualTo(rule);
        assertThat(keycloak.usersNamed(email)).isZero();
        assertThat(profilesWithEmail(email)).isZero();
    }

    static Stream<Arguments> badRegistrations() {
        String tenKilobytes = "a".repeat(10_240);
        return Stream.of(
                Arguments.of("invalid e-mail", "{\"email\":\"pas-une-adresse\",\"password\":\"" + STRONG_PASSWORD + "\",\"firstName\":\"Nom\",\"lastName\":\"Correct\"}", "email"),
                Arguments.of("10 kB name", "{\"email\":\"EMAIL\",\"password\":\"" + STRONG_PASSWORD + "\",\"firstName\":\"" + tenKilobytes + "\",\"lastName\":\"Correct\"}", "firstName"),
                Arguments.of("script tag", "{\"email\":\"EMAIL\",\"password\":\"" + STRONG_PASSWORD + "\",\"firstName\":\"Nom\",\"lastName\":\"<script>alert(1)</script>\"}", "lastName"),
                Arguments.of("unknown field", "{\"email\":\"EMAIL\",\"password\":\"" + STRONG_PASSWORD + "\",\"firstName\":\"Nom\",\"lastName\":\"Correct\",\"roles\":[\"admin\"]}", null),
                Arguments.of("malformed JSON", "{\"email\":\"EMAIL\",", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRegistrations")
    void bad_registrations_are_400_problems_and_create_nothing(String name, String body, String field) {
        String email = uniqueEmail("invalide");
        var response = client.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.replace("EMAIL", email)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
        if (field != null) {
            response.jsonPath("$.errors[0].field").isEqualTo(field);
        }
        assertThat(keycloak.usersNamed(email)).isZero();
        assertThat(profilesWithEmail(email)).isZero();
    }

    @Test
    void profile_updates_refuse_bad_fields_and_mass_assignment_and_change_nothing() {
        String token = keycloak.accessToken(KeycloakSupport.STUDENT);
        client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"region\": \"13\"}").exchange().expectStatus().isOk();
        long revision = client.get().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("revision").asLong();

        for (String body : List.of(
                "{\"roles\": [\"admin\"]}",
                "{\"userId\": \"" + UUID.randomUUID() + "\"}",
                "{\"email\": \"autre@meca.demo\"}",
                "{\"region\": \"99\"}",
                "{\"phone\": \"12345\"}",
                "{\"weeklyAvailabilityHours\": 200}",
                "{\"weeklyAvailabilityHours\": \"beaucoup\"}",
                "{\"specialities\": [\"JARDINAGE\"]}",
                "{\"company\": \"<img src=x onerror=alert(1)>\"}",
                "{\"displayName\": \"" + "x".repeat(10_240) + "\"}")) {
            client.put().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        client.get().uri("/api/auth/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectBody()
                .jsonPath("$.revision").isEqualTo(revision)
                .jsonPath("$.region").isEqualTo("13");
    }

    @Test
    void the_profile_needs_a_token() {
        client.get().uri("/api/auth/me").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        client.put().uri("/api/auth/me").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isUnauthorized();
    }

    private final java.util.Map<String, String> emails = new java.util.concurrent.ConcurrentHashMap<>();

    /** Registers someone and verifies their e-mail; returns their user id. */
    private String verifiedAccount(String email, String firstName, String lastName) {
        String userId = register(email, STRONG_PASSWORD, firstName, lastName).expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("userId").asString();
        keycloak.markEmailVerified(userId);
        emails.put(userId, email);
        return userId;
    }

    private String uniqueEmailOf(String userId) {
        return emails.get(userId);
    }

    private static String partnerToken(String clientId, String secret) {
        JsonNode answer = keycloak.clientCredentialsGrant(clientId, secret);
        assertThat(answer.has("access_token")).as("client credentials of " + clientId + ": " + answer).isTrue();
        return answer.get("access_token").asString();
    }

    private static String signIn(String email) {
        JsonNode answer = keycloak.passwordGrant(email, STRONG_PASSWORD);
        assertThat(answer.has("access_token")).as("sign-in of " + email + ": " + answer).isTrue();
        return answer.get("access_token").asString();
    }

    @Test
    void a_learner_who_forgot_their_password_chooses_a_new_one_from_the_reset_email() {
        String email = uniqueEmail("oubli");
        String userId = verifiedAccount(email, "Paul", "Durand");
        // the verification mail of the registration first, so the next one is the reset mail
        int before = MailSupport.shared().awaitMessagesTo(email, 1, Duration.ofSeconds(30)).size();

        keycloak.sendPasswordResetEmail(userId);
        List<MimeMessage> received = MailSupport.shared().awaitMessagesTo(email, before + 1, Duration.ofSeconds(30));
        KeycloakPages browser = KeycloakPages.newBrowser();
        Document form = browser.openEmailedLink(MailSupport.linkIn(received.get(before), keycloak.actionLinkPrefix()));
        String newPassword = "Vidange-2027-boite";
        Document done = browser.submit(form, Map.of("password-new", newPassword, "password-confirm", newPassword));

        assertThat(keycloak.passwordGrant(email, newPassword).has("access_token"))
                .as("sign-in with the new password (" + KeycloakPages.message(done) + ")").isTrue();
        assertThat(keycloak.passwordGrant(email, STRONG_PASSWORD).has("access_token")).as("the old password").isFalse();
    }

    @Test
    void when_the_mail_server_is_down_the_account_is_created_at_once_and_the_verification_mail_arrives_once_it_is_back() {
        String email = uniqueEmail("sansmail");
        String userId = keycloak.withMailServerUnreachable(() -> {
            String id = register(email, STRONG_PASSWORD, "Hugo", "Petit")
                    .expectStatus().isCreated()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("userId").asString();
            // the sender tried and failed at least twice while the server was unreachable, and keeps the mail owed
            org.awaitility.Awaitility.await("two failed attempts recorded for " + id).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> database.count(
                            "SELECT count(*) FROM verification_mail WHERE user_id = '" + id + "' AND attempts >= 2") == 1);
            return id;
        });
        assertThat(keycloak.usersNamed(email)).isEqualTo(1);
        assertThat(database.scalar("SELECT last_error FROM verification_mail WHERE user_id = '" + userId + "'")).isNotBlank();
        // still unverified: the address is proven only by a link that reached it
        assertThat(keycloak.passwordGrant(email, STRONG_PASSWORD).has("access_token")).isFalse();

        // the server is back: the owed mail goes out, once, and its link verifies the address
        MimeMessage verification = MailSupport.shared().awaitMessagesTo(email, 1, Duration.ofSeconds(30)).get(0);
        KeycloakPages.newBrowser().openEmailedLink(MailSupport.linkIn(verification, keycloak.actionLinkPrefix()));
        assertThat(keycloak.passwordGrant(email, STRONG_PASSWORD).has("access_token")).isTrue();
        assertThat(database.count("SELECT count(*) FROM verification_mail WHERE user_id = '" + userId + "'")).isZero();
        assertThat(MailSupport.shared().messagesTo(email)).hasSize(1);
    }

    private WebTestClient.ResponseSpec register(String email, String password, String firstName, String lastName) {
        return client.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"firstName\":\""
                        + firstName + "\",\"lastName\":\"" + lastName + "\",\"targetQualification\":\"CAP_MV\"}")
                .exchange();
    }

    private static ConsumerRecord<String, byte[]> awaitEvent(String subject, String type) {
        List<ConsumerRecord<String, byte[]>> records = KafkaSupport.awaitRecords(userTopic,
                record -> subject.equals(record.key()) && type.equals(KafkaSupport.header(record, "ce_type")),
                1, Duration.ofSeconds(20));
        assertThat(records).as(type + " for " + subject + " on " + UserEvents.TOPIC).isNotEmpty();
        return records.get(0);
    }

    private static JsonNode validEvent(Class<? extends DomainEvent> type, ConsumerRecord<String, byte[]> record) {
        assertThat(EventSchemas.violations(EventCatalog.of(type), record.value())).isEmpty();
        return JSON.readTree(record.value());
    }

    private static String uniqueEmail(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.fr";
    }

    private static String query(String sql) {
        return database.scalar(sql);
    }

    private static long profilesWithEmail(String email) {
        return database.count("SELECT count(*) FROM learner_profile WHERE lower(email) = lower('" + email + "')");
    }
}
