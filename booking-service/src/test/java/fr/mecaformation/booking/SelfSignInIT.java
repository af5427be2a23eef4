package fr.mecaformation.booking;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.booking.AttendanceRecorded;
import fr.mecaformation.testsupport.OutboxRows;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

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
 * Émargement by the learner: their own booking, from 10 minutes before the start to the end, once (under 50
 * concurrent requests too); the attendance certificate says who recorded the presence.
 */
class SelfSignInIT extends BookingIntegrationTest {

    static void moveTo(Instant instant) {
        CLOCK.advance(Duration.between(CLOCK.instant(), instant));
    }

    WebTestClient.ResponseSpec signIn(WebTestClient caller, String booking) {
        return caller.post().uri("/api/booking/bookings/{id}/sign-in", booking).exchange();
    }

    @Test
    void the_learner_signs_in_once_inside_the_window_and_the_certificate_says_who_recorded_the_presence() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(0, 0), LocalTime.of(0, 0), 0, 0, null);
        LocalDate day = inDays(2);
        UUID lea = UUID.randomUUID();
        UUID tom = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        String early = (String) fixtures.booked(late, trainer, "ADVICE", at(day, 9, 0)).get("id");          // 09:00–09:30
        String signed = (String) fixtures.named(lea, "student", "Léa Martin").post().uri("/api/booking/bookings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("trainerId", trainer.toString(), "kind", "ADVICE", "start", at(day, 10, 0).toString()))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        String marked = (String) fixtures.booked(tom, trainer, "ADVICE", at(day, 10, 30)).get("id");
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(11, 0), LocalTime.of(12, 0), 0, 0, null);
        UUID unpaid = UUID.randomUUID();
        String held = (String) fixtures.booked(unpaid, trainer, "COACHING", at(day, 11, 0)).get("id");  // never paid

        // before the window: 409 in French saying when it opens
        moveTo(at(day, 8, 49));
        signIn(fixtures.learner(late), early).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("n'est pas encore ouvert", "10 minutes avant", "à 08h50", "Europe/Paris"));
        // after the end: 409, the trainer alone can still record it
        moveTo(at(day, 9, 30));
        signIn(fixtures.learner(late), early).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                        .contains("La séance est terminée", "09h30", "seul votre formateur"));
        assertThat(database.scalar("SELECT coalesce(attendance_method, 'none') FROM booking WHERE id = '" + early + "'"))
                .isEqualTo("none");

        // BOLA: only the booking's learner signs it
        moveTo(at(day, 9, 50));
        for (WebTestClient stranger : List.of(fixtures.learner(tom), fixtures.trainer(trainer), fixtures.as(UUID.randomUUID(), "admin"))) {
            signIn(stranger, signed).expectStatus().isNotFound();
        }
        fixtures.anonymous().post().uri("/api/booking/bookings/{id}/sign-in", signed).exchange().expectStatus().isUnauthorized();

        // ten minutes before the start, fifty sign-ins at once: one presence, one event
        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i ->
                signIn(fixtures.learner(lea), signed).expectBody(String.class).returnResult());
        assertThat(results).filteredOn(r -> r.getStatus().value() == 200).hasSize(1)
                .allSatisfy(r -> assertThat(r.getResponseBody()).contains("\"attended\":true", "\"method\":\"LEARNER\""));
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(49).allSatisfy(r -> assertThat(r.getResponseBody())
                .contains("déjà enregistrée", "émargée en ligne par l'apprenant(e)", "on n'émarge qu'une fois"));
        assertThat(database.scalar("SELECT attendance_method || ' ' || attended FROM booking WHERE id = '" + signed + "'"))
                .isEqualTo("LEARNER true");
        assertThat(OutboxRows.count(database, EventCatalog.of(AttendanceRecorded.class).type(), signed)).isEqualTo(1);

        // a coaching hour never paid is no meeting to sign in to, even inside its window
        moveTo(at(day, 10, 55));
        signIn(fixtures.learner(unpaid), held).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("n'est pas confirmée"));

        // the trainer marks the other one; each certificate says how its presence was recorded
        fixtures.named(trainer, "trainer", "Marc Dupont").put().uri("/api/booking/trainer/bookings/{id}/attendance", marked)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("present", true)).exchange().expectStatus().isOk();
        assertThat(certificateText(fixtures.learner(lea), signed)).contains("Léa Martin",
                "Présence émargée en ligne par l'apprenant(e) pendant la séance").doesNotContain("relevée par le formateur");
        assertThat(certificateText(fixtures.learner(tom), marked)).contains("Présence relevée par le formateur",
                "Formateur : Marc Dupont").doesNotContain("émargée en ligne");
    }

    String certificateText(WebTestClient caller, String booking) throws Exception {
        byte[] pdf = caller.get().uri("/api/booking/bookings/{id}/attendance-certificate", booking).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody().returnResult().getResponseBody();
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
    }
}
