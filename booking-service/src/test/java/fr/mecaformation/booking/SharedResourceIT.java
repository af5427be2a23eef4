package fr.mecaformation.booking;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.mecaformation.booking.BookingFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared resources: admins publish an exam room's opening hours, trainers' mock exams occupy it, and the room's
 * exclusion constraint keeps two sessions out of it at once, under concurrency too.
 */
class SharedResourceIT extends BookingIntegrationTest {

    WebTestClient admin() {
        return fixtures.as(UUID.randomUUID(), "admin");
    }

    static Map<String, Object> room(String name, String zone, String opens, String closes) {
        List<Map<String, String>> weekly = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.add(Map.of("day", day, "start", opens, "end", closes));
        }
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("zone", zone);
        body.put("weekly", weekly);
        body.put("exceptions", List.of());
        return body;
    }

    static Map<String, Object> hours(String zone, String opens, String closes) {
        Map<String, Object> body = room("", zone, opens, closes);
        body.remove("name");
        return body;
    }

    String newRoom(String name) {
        return (String) admin().post().uri("/api/booking/admin/resources").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(room(name, "Europe/Paris", "08:00", "18:00")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    static Map<String, Object> exam(String title, Instant start, Instant end, String resource) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", "MOCK_EXAM");
        body.put("title", title);
        body.put("zone", "Europe/Paris");
        body.put("startsAt", start.toString());
        body.put("endsAt", end.toString());
        body.put("capacity", 12);
        body.put("resourceId", resource);
        return body;
    }

    WebTestClient.ResponseSpec schedule(UUID trainer, Map<String, Object> session) {
        return fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(session).exchange();
    }

    long sessionsIn(String room) {
        return database.count("SELECT count(*) FROM session WHERE status = 'SCHEDULED' AND resource_id = '" + room + "'");
    }

    @Test
    void admins_publish_a_rooms_hours_trainers_are_refused_403_and_bad_hours_are_400_with_nothing_stored() {
        String name = "Salle d'examen atelier " + UUID.randomUUID().toString().substring(0, 8);
        String id = newRoom(name);

        UUID trainer = UUID.randomUUID();
        fixtures.trainer(trainer).post().uri("/api/booking/admin/resources").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(room(name + " bis", "Europe/Paris", "08:00", "18:00")).exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        fixtures.trainer(trainer).put().uri("/api/booking/admin/resources/{id}/availability", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(hours("Europe/Paris", "00:00", "00:00")).exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(database.count("SELECT count(*) FROM shared_resource WHERE name LIKE '" + name.replace("'", "''") + "%'"))
                .isEqualTo(1);
        assertThat(database.scalar("SELECT weekly->0->>'start' FROM shared_resource WHERE id = '" + id + "'")).isEqualTo("08:00");

        // bad hours: an unknown zone, an end before the start, a duplicate name; nothing stored or changed
        admin().put().uri("/api/booking/admin/resources/{id}/availability", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(hours("Mars/Olympus", "08:00", "18:00")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("Fuseau horaire inconnu"));
        admin().put().uri("/api/booking/admin/resources/{id}/availability", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(hours("Europe/Paris", "18:00", "08:00")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message").isEqualTo("la fin doit suivre le début");
        admin().post().uri("/api/booking/admin/resources").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(room(name, "Europe/Paris", "08:00", "18:00")).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("s'appelle déjà"));
        assertThat(database.scalar("SELECT zone || ' ' || (weekly->0->>'start') FROM shared_resource WHERE id = '" + id + "'"))
                .isEqualTo("Europe/Paris 08:00");

        // an admin changes them; trainers read them, learners don't
        admin().put().uri("/api/booking/admin/resources/{id}/availability", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(hours("Europe/Paris", "07:30", "19:00")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo(name).jsonPath("$.weekly[0].start").isEqualTo("07:30:00");
        fixtures.trainer(trainer).get().uri("/api/booking/resources/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo(name);
        fixtures.learner(UUID.randomUUID()).get().uri("/api/booking/resources").exchange().expectStatus().isForbidden();
    }

    @Test
    void two_mock_exams_never_share_the_room_the_409_names_the_room_and_the_session_already_there() {
        String name = "Salle d'examen atelier " + UUID.randomUUID().toString().substring(0, 8);
        String room = newRoom(name);
        LocalDate day = inDays(15);
        UUID ana = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        String first = (String) schedule(ana, exam("Examen blanc CAP maintenance", at(day, 9, 0), at(day, 12, 0), room))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        // another trainer, overlapping: 409 naming the room and what is in it
        schedule(bob, exam("Examen blanc BTS", at(day, 11, 0), at(day, 13, 0), room)).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("La salle « " + name + " »",
                        "déjà occupée", "« Examen blanc CAP maintenance »", "de 09h00 à 12h00"));
        // adjacent is fine
        schedule(bob, exam("Examen blanc BTS", at(day, 12, 0), at(day, 14, 0), room)).expectStatus().isCreated()
                .expectBody().jsonPath("$.resourceId").isEqualTo(room).jsonPath("$.remote").isEqualTo(false);
        // outside the room's hours, a webinar in a room, an unknown room: 400, nothing stored
        schedule(UUID.randomUUID(), exam("Examen du soir", at(day, 18, 0), at(day, 20, 0), room)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("n'est pas ouverte à ces heures"));
        Map<String, Object> webinar = exam("Webinaire en salle", at(day, 15, 0), at(day, 16, 0), room);
        webinar.put("kind", "WEBINAR");
        schedule(UUID.randomUUID(), webinar).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("resourceId");
        schedule(UUID.randomUUID(), exam("Examen fantôme", at(day, 15, 0), at(day, 16, 0), UUID.randomUUID().toString()))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").isEqualTo("Cette salle n'existe pas.");
        assertThat(sessionsIn(room)).isEqualTo(2);

        // once the first exam is cancelled the room is free again at that time
        fixtures.trainer(ana).post().uri("/api/booking/trainer/sessions/{id}/cancellation", first)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "salle réaffectée")).exchange()
                .expectStatus().isOk();
        schedule(bob, exam("Examen blanc BTS matin", at(day, 9, 0), at(day, 12, 0), room)).expectStatus().isCreated();
        assertThat(sessionsIn(room)).isEqualTo(2);
    }

    @Test
    void fifty_trainers_scheduling_in_the_room_at_once_give_exactly_one_201_and_49_409() throws Exception {
        String name = "Salle d'examen atelier " + UUID.randomUUID().toString().substring(0, 8);
        String room = newRoom(name);
        LocalDate day = inDays(16);
        // Jackson builds the session body's deserializer once, under a lock: made by one request, not by 50 racing ones
        schedule(UUID.randomUUID(), exam("Examen fantôme", at(day, 9, 0), at(day, 11, 0), UUID.randomUUID().toString()))
                .expectStatus().isBadRequest();

        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i ->
                schedule(UUID.randomUUID(), exam("Examen blanc n° " + i, at(day, 9, 0).plusSeconds(60L * i), at(day, 11, 0), room))
                        .expectBody(String.class).returnResult());

        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(1);
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(49).allSatisfy(r -> {
            assertThat(r.getResponseHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(r.getResponseBody()).contains("La salle « " + name, "déjà occupée");
        });
        assertThat(sessionsIn(room)).isEqualTo(1);
        // the trainers' hosting rows of the refused sessions went with their transactions
        assertThat(database.count("SELECT count(*) FROM booking b JOIN session s ON s.id = b.session_id"
                + " WHERE b.hosting AND s.resource_id = '" + room + "'")).isEqualTo(1);
    }
}
