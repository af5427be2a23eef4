package fr.mecaformation.booking;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import fr.mecaformation.booking.config.VideoProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.mecaformation.booking.BookingFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Video meeting links: a Jitsi room per remote booking or session, with an unguessable name, given to its participants
 * only; the trainer (moderator) also gets a JWT in Jitsi's format signed HS256 with the configured secret.
 */
class VideoMeetingIT extends BookingIntegrationTest {

    static final String ROOM = "mecaformation-[0-9a-f]{64}";

    @Autowired
    VideoProperties video;

    @SuppressWarnings("unchecked")
    Map<String, Object> link(WebTestClient caller, String path) {
        return (Map<String, Object>) caller.get().uri(path).exchange().expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void a_one_to_one_booking_has_its_own_room_the_trainer_a_signed_moderator_token_the_learner_the_url_only() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        UUID lea = UUID.randomUUID();
        LocalDate day = inDays(5);
        Instant start = at(day, 9, 0);
        String id = (String) fixtures.booked(lea, trainer, "ADVICE", start).get("id");
        String other = (String) fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(day, 10, 0)).get("id");

        Map<String, Object> attendee = link(fixtures.learner(lea), "/api/booking/bookings/" + id + "/video");
        String room = (String) attendee.get("room");
        assertThat(room).matches(ROOM);
        assertThat(attendee).containsEntry("url", video.baseUrl() + "/" + room).containsEntry("role", "ATTENDEE")
                .containsEntry("jwt", null).containsEntry("moderatorUrl", null);
        // the same room each time, another booking another room
        assertThat(link(fixtures.learner(lea), "/api/booking/bookings/" + id + "/video")).containsEntry("room", room);
        assertThat(link(fixtures.trainer(trainer), "/api/booking/bookings/" + other + "/video").get("room")).isNotEqualTo(room);

        Map<String, Object> moderator = link(fixtures.named(trainer, "trainer", "Marc Dupont"), "/api/booking/bookings/" + id + "/video");
        assertThat(moderator).containsEntry("room", room).containsEntry("role", "MODERATOR");
        String token = (String) moderator.get("jwt");
        assertThat(moderator.get("moderatorUrl")).isEqualTo(video.baseUrl() + "/" + room + "?jwt=" + token);
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(video.secret().getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.verify(new MACVerifier("another-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("mecaformation");
        assertThat(claims.getAudience()).containsExactly("jitsi");
        assertThat(claims.getSubject()).isEqualTo(video.subject());
        assertThat(claims.getStringClaim("room")).isEqualTo(room);
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) claims.getJSONObjectClaim("context").get("user");
        assertThat(user).containsEntry("id", trainer.toString()).containsEntry("name", "Marc Dupont")
                .containsEntry("moderator", true);
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(start.minus(Duration.ofMinutes(30)));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(start.plus(Duration.ofMinutes(60)))
                .isEqualTo(Instant.parse((String) moderator.get("tokenExpiresAt")));

        // BOLA: another learner, another trainer, an admin are told it does not exist; no token, 401
        for (WebTestClient stranger : List.of(fixtures.learner(UUID.randomUUID()), fixtures.trainer(UUID.randomUUID()),
                fixtures.as(UUID.randomUUID(), "admin"))) {
            stranger.get().uri("/api/booking/bookings/{id}/video", id).exchange().expectStatus().isNotFound()
                    .expectBody(String.class).value(body -> assertThat(body).doesNotContain(room));
        }
        fixtures.anonymous().get().uri("/api/booking/bookings/{id}/video", id).exchange().expectStatus().isUnauthorized();

        // a cancelled booking has no meeting any more
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/cancellation", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "empêchement")).exchange().expectStatus().isOk();
        fixtures.learner(lea).get().uri("/api/booking/bookings/{id}/video", id).exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("pas de visioconférence"));
    }

    @Test
    void a_remote_session_has_one_room_for_its_trainer_and_seat_holders_only_and_an_exam_in_a_room_has_none() throws Exception {
        UUID trainer = UUID.randomUUID();
        LocalDate day = inDays(6);
        String session = (String) fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "WEBINAR", "title", "Diagnostic moteur", "zone", "Europe/Paris",
                        "startsAt", at(day, 18, 0).toString(), "endsAt", at(day, 19, 0).toString(), "capacity", 10))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        UUID ana = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String seat = (String) fixtures.learner(ana).post().uri("/api/booking/sessions/{id}/seat", session).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");

        // fifty first asks at once, the trainer's and the learner's: one room
        List<EntityExchangeResult<String>> asks = BookingFixtures.race(50, i -> (i % 2 == 0 ? fixtures.learner(ana)
                : fixtures.trainer(trainer)).get().uri("/api/booking/sessions/{id}/video", session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult());
        String room = (String) link(fixtures.learner(ana), "/api/booking/sessions/" + session + "/video").get("room");
        assertThat(room).matches(ROOM);
        assertThat(asks).allSatisfy(r -> assertThat(r.getResponseBody()).contains(room));
        assertThat(database.count("SELECT count(*) FROM video_room WHERE owner_id = '" + session + "'")).isEqualTo(1);

        // the seat's own link is the session's room; the trainer moderates it
        assertThat(link(fixtures.learner(ana), "/api/booking/bookings/" + seat + "/video"))
                .containsEntry("room", room).containsEntry("role", "ATTENDEE").containsEntry("jwt", null);
        Map<String, Object> moderator = link(fixtures.trainer(trainer), "/api/booking/sessions/" + session + "/video");
        assertThat(SignedJWT.parse((String) moderator.get("jwt")).getJWTClaimsSet().getStringClaim("room")).isEqualTo(room);

        // BOLA: a learner without a seat, another trainer, an admin: 404
        for (WebTestClient stranger : List.of(fixtures.learner(bob), fixtures.trainer(UUID.randomUUID()),
                fixtures.as(UUID.randomUUID(), "admin"))) {
            stranger.get().uri("/api/booking/sessions/{id}/video", session).exchange().expectStatus().isNotFound();
        }
        // a learner who gave their seat back loses the link
        fixtures.learner(ana).post().uri("/api/booking/bookings/{id}/cancellation", seat).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "indisponible")).exchange().expectStatus().isOk();
        fixtures.learner(ana).get().uri("/api/booking/sessions/{id}/video", session).exchange().expectStatus().isNotFound();

        // a mock exam in an exam room happens on site: no video room
        String examRoom = (String) fixtures.as(UUID.randomUUID(), "admin").post().uri("/api/booking/admin/resources")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(SharedResourceIT.room("Salle vidéo " + UUID.randomUUID(),
                        "Europe/Paris", "08:00", "20:00"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        String exam = (String) fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(SharedResourceIT.exam("Examen blanc sur place", at(day, 9, 0), at(day, 11, 0), examRoom))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        fixtures.trainer(trainer).get().uri("/api/booking/sessions/{id}/video", exam).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("en salle"));
    }
}
