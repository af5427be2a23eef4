package fr.mecaformation.booking;

import fr.mecaformation.booking.application.Housekeeping;
import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventJson;
import fr.mecaformation.events.booking.AttendanceRecorded;
import fr.mecaformation.events.booking.BookingCancelled;
import fr.mecaformation.events.booking.BookingConfirmed;
import fr.mecaformation.events.booking.BookingEvents;
import fr.mecaformation.events.booking.BookingReminderDue;
import fr.mecaformation.events.booking.BookingRescheduled;
import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.CoachingHourPurchased;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.OutboxRows;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.mecaformation.booking.BookingFixtures.PARIS;
import static fr.mecaformation.booking.BookingFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bookings against real PostgreSQL (the exclusion constraints are the proof) and Kafka: payments and erasures arrive
 * as payment-service's and auth-service's golden samples, results leave through the outbox.
 */
class BookingApiIT extends BookingIntegrationTest {

    static final String CONFIRMED = EventCatalog.of(BookingConfirmed.class).type();
    static final String CANCELLED = EventCatalog.of(BookingCancelled.class).type();

    static KafkaConsumer<String, byte[]> bookingTopic;

    @Autowired
    Housekeeping housekeeping;

    @BeforeAll
    static void readTopic() {
        bookingTopic = KafkaSupport.consumerFromBeginning(BookingEvents.TOPIC);
    }

    @AfterAll
    static void close() {
        bookingTopic.close();
    }

    // ---------------------------------------------------------------- zero double bookings

    @Test
    void fifty_concurrent_requests_for_one_slot_give_exactly_one_201_and_49_409_naming_the_conflict() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        Instant slot = at(inDays(10), 10, 0);
        List<UUID> learners = java.util.stream.IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();

        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i ->
                fixtures.book(learners.get(i), trainer, "COACHING", slot).expectBody(String.class).returnResult());

        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(1);
        List<EntityExchangeResult<String>> refused = results.stream().filter(r -> r.getStatus().value() == 409).toList();
        assertThat(refused).hasSize(49);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.getResponseHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(r.getResponseBody()).contains("n'est plus libre", "chevauche", "10h00", "https://mecaformation.fr/problemes/conflit");
        });
        assertThat(active("trainer_id = '" + trainer + "'")).isEqualTo(1);
    }

    @Test
    void adjacent_slots_are_both_booked_overlapping_ones_refused_and_buffers_count_at_booking_not_only_at_listing() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        LocalDate day = inDays(12);
        UUID ana = UUID.randomUUID();
        UUID bob = UUID.randomUUID();

        fixtures.booked(ana, trainer, "ADVICE", at(day, 9, 30));                        // 09:30–10:00
        fixtures.booked(bob, trainer, "COACHING", at(day, 10, 0));                      // 10:00–11:00: adjacent
        fixtures.book(UUID.randomUUID(), trainer, "COACHING", at(day, 9, 0))            // 09:00–10:00 overlaps 09:30
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("chevauche"));

        // the same learner can't be at two meetings at once, with two trainers
        UUID other = UUID.randomUUID();
        fixtures.publish(other, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        fixtures.book(ana, other, "COACHING", at(day, 9, 0)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("déjà une réservation à ce moment-là"));

        // with a 15-minute buffer after each advice, the advice slot 09:45–10:15 blocks until 10:30: refused next to
        // a coaching hour at 10:00, though only the listing would have hidden it in Cal.com (#14871)
        UUID buffered = UUID.randomUUID();
        fixtures.publish(buffered, "ADVICE", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 15, null);
        fixtures.publish(buffered, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        fixtures.booked(UUID.randomUUID(), buffered, "COACHING", at(day, 10, 0));
        fixtures.booked(UUID.randomUUID(), buffered, "ADVICE", at(day, 9, 0));          // blocks 09:00–09:45
        fixtures.book(UUID.randomUUID(), buffered, "ADVICE", at(day, 9, 45)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("09h45 à 10h30", "marges comprises"));
        assertThat(active("trainer_id = '" + buffered + "'")).isEqualTo(2);

        // and the listing agrees: the taken and the buffered-away slots are not offered
        String listed = fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={d}&to={d}&zone=Europe/Paris", buffered, day, day)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).doesNotContain(start(at(day, 9, 0)), start(at(day, 9, 45)))
                .contains(start(at(day, 11, 15)));
    }

    @Test
    void a_learner_has_one_open_advice_at_a_time_enforced_by_the_database() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(14, 0), 0, 0, null);
        UUID learner = UUID.randomUUID();
        LocalDate day = inDays(14);

        List<EntityExchangeResult<String>> results = BookingFixtures.race(10, i ->
                fixtures.book(learner, trainer, "ADVICE", at(day, 9, 0).plus(Duration.ofMinutes(30L * i)))
                        .expectBody(String.class).returnResult());

        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(1);
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(9)
                .allSatisfy(r -> assertThat(r.getResponseBody()).contains("conseil pédagogique à venir"));
        assertThat(active("learner_id = '" + learner + "'")).isEqualTo(1);
    }

    @Test
    void a_daily_cap_holds_under_concurrency_and_a_move_into_a_taken_slot_is_refused() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(8, 0), LocalTime.of(18, 0), 0, 0, 2);
        LocalDate day = inDays(18);

        // ten learners, ten different slots of one day, a cap of two: two bookings, whoever wins
        List<EntityExchangeResult<String>> results = BookingFixtures.race(10, i ->
                fixtures.book(UUID.randomUUID(), trainer, "COACHING", at(day, 8 + i, 0)).expectBody(String.class).returnResult());
        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(2);
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(8)
                .allSatisfy(r -> assertThat(r.getResponseBody()).contains("nombre de rendez-vous pour cette journée"));
        assertThat(active("trainer_id = '" + trainer + "'")).isEqualTo(2);
        // the listing agrees: that day is full
        fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=COACHING&from={d}&to={d}", trainer, day, day).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);

        // a confirmed booking (paid) moved onto a taken slot: 409 from the exclusion constraint, nothing moved
        UUID other = UUID.randomUUID();
        fixtures.publish(other, "ADVICE", "Europe/Paris", LocalTime.of(8, 0), LocalTime.of(12, 0), 0, 0, null);
        UUID lea = UUID.randomUUID();
        String mine = (String) fixtures.booked(lea, other, "ADVICE", at(day, 8, 0)).get("id");
        fixtures.booked(UUID.randomUUID(), other, "ADVICE", at(day, 9, 0));
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/reschedule", mine).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("start", at(day, 9, 0).toString())).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("n'est plus libre"));
        assertThat(database.scalar("SELECT starts_at = '" + at(day, 8, 0) + "' AND sequence = 0 FROM booking WHERE id = '"
                + mine + "'")).isEqualTo("t");
    }

    // ---------------------------------------------------------------- listing in the learner's zone

    @Test
    void a_learner_in_guadeloupe_lists_a_paris_trainers_slots_in_their_own_time() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(14, 0), LocalTime.of(15, 0), 0, 0, null);
        LocalDate day = inDays(20);

        fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=COACHING&from={d}&to={d}&zone=America/Guadeloupe", trainer, day, day)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].start").isEqualTo(at(day, 14, 0).toString())
                .jsonPath("$[0].zone").isEqualTo("America/Guadeloupe")
                .jsonPath("$[0].localStart").value(v -> assertThat((String) v).endsWith("-04:00"))
                .jsonPath("$[0].trainerLocalStart").value(v -> assertThat((String) v).contains("T14:00"));
    }

    @Test
    void bad_input_is_a_clear_400_in_french_and_nothing_is_stored() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        WebTestClient learner = fixtures.learner(UUID.randomUUID());
        LocalDate day = inDays(5);

        learner.get().uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={f}&to={t}", trainer, day, day.minusDays(1)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("précède"));
        learner.get().uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={f}&to={t}", trainer, day, day.plusYears(10)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("trop longue"));
        learner.get().uri("/api/booking/trainers/{t}/slots?kind=ADVICE&zone=Mars/Olympus", trainer).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("Fuseau horaire inconnu"));
        fixtures.book(UUID.randomUUID(), trainer, "ADVICE", at(inDays(-2), 9, 0)).expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("déjà passé"));
        fixtures.book(UUID.randomUUID(), trainer, "ADVICE", at(day, 9, 10)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("ne propose pas"));
        assertThat(database.count("SELECT count(*) FROM booking WHERE trainer_id = '" + trainer + "'")).isZero();

        // availabilities: an unknown zone, a window that ends before it starts
        fixtures.trainer(trainer).put().uri("/api/booking/trainer/availability/COACHING").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("zone", "Europe/Atlantis", "bufferBeforeMinutes", 0, "bufferAfterMinutes", 0,
                        "minimumNoticeMinutes", 0, "maximumAdvanceDays", 30, "weekly", List.of()))
                .exchange().expectStatus().isBadRequest();
        fixtures.trainer(trainer).put().uri("/api/booking/trainer/availability/COACHING").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("zone", "Indian/Reunion", "bufferBeforeMinutes", 0, "bufferAfterMinutes", 0,
                        "minimumNoticeMinutes", 0, "maximumAdvanceDays", 30,
                        "weekly", List.of(Map.of("day", "MONDAY", "start", "12:00", "end", "09:00"))))
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("weekly[0].end");
        assertThat(database.count("SELECT count(*) FROM availability WHERE trainer_id = '" + trainer + "' AND kind = 'COACHING'")).isZero();

        // sessions: capacity 0 or a million, an end before the start, in the past
        for (Map<String, Object> bad : List.of(
                session("WEBINAR", at(day, 18, 0), at(day, 19, 0), 0),
                session("WEBINAR", at(day, 18, 0), at(day, 19, 0), 1_000_000),
                session("MOCK_EXAM", at(day, 18, 0), at(day, 17, 0), 20),
                session("MOCK_EXAM", at(inDays(-1), 8, 0), at(inDays(-1), 11, 0), 20))) {
            fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(bad).exchange().expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.title").exists().jsonPath("$.errors").isNotEmpty();
        }
        assertThat(database.count("SELECT count(*) FROM session WHERE trainer_id = '" + trainer + "'")).isZero();
    }

    static Map<String, Object> session(String kind, Instant start, Instant end, int capacity) {
        return Map.of("kind", kind, "title", "Session de préparation", "zone", "Europe/Paris", "startsAt", start.toString(),
                "endsAt", end.toString(), "capacity", capacity);
    }

    // ---------------------------------------------------------------- seats and waitlist

    @SuppressWarnings("unchecked")
    UUID newSession(UUID trainer, int capacity, LocalDate day) {
        Map<String, Object> made = fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(session("WEBINAR", at(day, 18, 0), at(day, 19, 0), capacity))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return UUID.fromString((String) made.get("id"));
    }

    @Test
    void fifty_concurrent_requests_for_the_last_seat_of_a_webinar_give_exactly_one_201() throws Exception {
        UUID trainer = UUID.randomUUID();
        UUID session = newSession(trainer, 3, inDays(8));
        for (int i = 0; i < 2; i++) {
            fixtures.learner(UUID.randomUUID()).post().uri("/api/booking/sessions/{id}/seat", session).exchange().expectStatus().isCreated();
        }

        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i -> fixtures.learner(UUID.randomUUID()).post()
                .uri("/api/booking/sessions/{id}/seat", session).exchange().expectBody(String.class).returnResult());

        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(1);
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(49)
                .allSatisfy(r -> assertThat(r.getResponseBody()).contains("complète", "liste d'attente"));
        assertThat(database.scalar("SELECT seats_taken FROM session WHERE id = '" + session + "'")).isEqualTo("3");
        assertThat(active("session_id = '" + session + "'")).isEqualTo(3);
    }

    @Test
    void the_waitlist_is_promoted_in_order_under_concurrent_cancellations_with_a_time_limited_offer() throws Exception {
        UUID trainer = UUID.randomUUID();
        UUID session = newSession(trainer, 2, inDays(9));
        List<UUID> seated = List.of(UUID.randomUUID(), UUID.randomUUID());
        List<String> seats = new java.util.ArrayList<>();
        for (UUID learner : seated) {
            seats.add((String) fixtures.learner(learner).post().uri("/api/booking/sessions/{id}/seat", session).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id"));
        }
        fixtures.learner(UUID.randomUUID()).post().uri("/api/booking/sessions/{id}/seat", session).exchange().expectStatus().isEqualTo(409);
        List<UUID> waiting = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> entries = new java.util.ArrayList<>();
        for (UUID learner : waiting) {
            entries.add((String) fixtures.learner(learner).post().uri("/api/booking/sessions/{id}/waitlist", session).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id"));
        }

        List<EntityExchangeResult<String>> cancelled = BookingFixtures.race(2, i -> fixtures.learner(seated.get(i)).post()
                .uri("/api/booking/bookings/{id}/cancellation", seats.get(i)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectBody(String.class).returnResult());
        assertThat(cancelled).allSatisfy(r -> assertThat(r.getStatus().value()).isEqualTo(200));

        // the first two waiting got the two seats' offers, in order; the third still waits; the seats stay counted
        assertThat(status(entries.get(0))).isEqualTo("OFFERED");
        assertThat(status(entries.get(1))).isEqualTo("OFFERED");
        assertThat(status(entries.get(2))).isEqualTo("WAITING");
        assertThat(database.scalar("SELECT seats_taken FROM session WHERE id = '" + session + "'")).isEqualTo("2");
        fixtures.learner(UUID.randomUUID()).post().uri("/api/booking/sessions/{id}/seat", session).exchange().expectStatus().isEqualTo(409);

        // the first accepts; someone else can't take another's offer
        fixtures.learner(waiting.get(2)).post().uri("/api/booking/waitlist/{id}/acceptance", entries.get(0)).exchange()
                .expectStatus().isNotFound();
        fixtures.learner(waiting.get(0)).post().uri("/api/booking/waitlist/{id}/acceptance", entries.get(0)).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.status").isEqualTo("CONFIRMED");
        // the second lets the offer lapse: it passes to the third
        CLOCK.advance(Duration.ofHours(2).plusMinutes(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> "OFFERED".equals(status(entries.get(2))));
        assertThat(status(entries.get(1))).isEqualTo("EXPIRED");
        fixtures.learner(waiting.get(1)).post().uri("/api/booking/waitlist/{id}/acceptance", entries.get(1)).exchange()
                .expectStatus().isEqualTo(409);
        fixtures.learner(waiting.get(2)).post().uri("/api/booking/waitlist/{id}/acceptance", entries.get(2)).exchange()
                .expectStatus().isCreated();
        assertThat(active("session_id = '" + session + "'")).isEqualTo(2);
        assertThat(database.scalar("SELECT seats_taken FROM session WHERE id = '" + session + "'")).isEqualTo("2");
    }

    @Test
    void a_trainer_hosting_a_session_is_not_booked_one_to_one_meanwhile_nor_hosts_two_at_once() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(16, 0), LocalTime.of(20, 0), 0, 0, null);
        LocalDate day = inDays(13);
        fixtures.booked(UUID.randomUUID(), trainer, "COACHING", at(day, 16, 0));
        UUID session = newSession(trainer, 5, day);                                    // 18:00–19:00

        fixtures.book(UUID.randomUUID(), trainer, "COACHING", at(day, 18, 0)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("n'est plus libre"));
        String listed = fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=COACHING&from={d}&to={d}", trainer, day, day)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains(start(at(day, 17, 0)), start(at(day, 19, 0)))
                .doesNotContain(start(at(day, 16, 0)), start(at(day, 18, 0)));
        // another session over the first, or over the coaching hour: refused, nothing stored
        fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(session("MOCK_EXAM", at(day, 18, 30), at(day, 20, 0), 10)).exchange().expectStatus().isEqualTo(409);
        fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(session("WEBINAR", at(day, 15, 30), at(day, 16, 30), 10)).exchange().expectStatus().isEqualTo(409);
        assertThat(database.count("SELECT count(*) FROM session WHERE trainer_id = '" + trainer + "'")).isEqualTo(1);

        // once the session is cancelled its time is the trainer's again
        fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions/{id}/cancellation", session)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk();
        fixtures.booked(UUID.randomUUID(), trainer, "COACHING", at(day, 18, 0));
    }

    static String start(Instant start) {
        return "\"start\":\"" + start + "\"";
    }

    String status(String entry) {
        return database.scalar("SELECT status FROM waitlist_entry WHERE id = '" + entry + "'");
    }

    @Test
    void a_trainer_cancelling_a_session_tells_every_attendee_and_only_they_see_its_attendees() {
        UUID trainer = UUID.randomUUID();
        UUID session = newSession(trainer, 10, inDays(11));
        List<String> seats = new java.util.ArrayList<>();
        UUID first = UUID.randomUUID();
        for (UUID learner : List.of(first, UUID.randomUUID(), UUID.randomUUID())) {
            seats.add((String) fixtures.learner(learner).post().uri("/api/booking/sessions/{id}/seat", session).exchange()
                    .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id"));
        }

        // BOLA: another trainer and a learner are told nothing about the attendees; the trainer sees the three
        fixtures.trainer(UUID.randomUUID()).get().uri("/api/booking/trainer/sessions/{id}/attendees", session).exchange()
                .expectStatus().isNotFound();
        fixtures.learner(first).get().uri("/api/booking/trainer/sessions/{id}/attendees", session).exchange()
                .expectStatus().isForbidden();
        fixtures.trainer(trainer).get().uri("/api/booking/trainer/sessions/{id}/attendees", session).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(3);
        fixtures.trainer(UUID.randomUUID()).post().uri("/api/booking/trainer/sessions/{id}/cancellation", session)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isNotFound();

        fixtures.trainer(trainer).post().uri("/api/booking/trainer/sessions/{id}/cancellation", session)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reason", "Formateur malade")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        for (String seat : seats) {
            assertThat(OutboxRows.count(database, CANCELLED, seat)).isEqualTo(1);
        }
        List<ConsumerRecord<String, byte[]>> told = KafkaSupport.awaitRecords(bookingTopic,
                r -> seats.contains(r.key()) && CANCELLED.equals(KafkaSupport.header(r, "ce_type")), 3, Duration.ofSeconds(30));
        assertThat(told).extracting(r -> EventJson.read(r.value(), BookingCancelled.class).cancelledBy()).containsOnly("TRAINER");
        assertThat(active("session_id = '" + session + "'")).isZero();
    }

    // ---------------------------------------------------------------- policies and BOLA

    @Test
    void learners_see_only_their_own_bookings_and_follow_the_cancel_and_reschedule_windows() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(0, 0), LocalTime.of(0, 0), 0, 0, null);
        UUID lea = UUID.randomUUID();
        UUID tom = UUID.randomUUID();
        Instant soon = CLOCK.instant().plus(Duration.ofHours(20)).truncatedTo(ChronoUnit.HOURS);
        String near = (String) fixtures.booked(lea, trainer, "ADVICE", soon).get("id");

        // BOLA: Tom is told the booking does not exist, whatever he tries
        fixtures.learner(tom).get().uri("/api/booking/bookings/{id}", near).exchange().expectStatus().isNotFound();
        fixtures.learner(tom).post().uri("/api/booking/bookings/{id}/cancellation", near).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isNotFound();
        fixtures.learner(tom).get().uri("/api/booking/me/bookings").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        fixtures.learner(lea).get().uri("/api/booking/me/bookings").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
        fixtures.trainer(UUID.randomUUID()).get().uri("/api/booking/bookings/{id}", near).exchange().expectStatus().isNotFound();
        fixtures.trainer(trainer).get().uri("/api/booking/bookings/{id}", near).exchange().expectStatus().isOk();

        // inside 24 h the learner can neither cancel nor move it; the trainer can cancel
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/cancellation", near).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("moins de 24 h"));
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/reschedule", near).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("start", soon.plus(Duration.ofDays(3)).toString())).exchange().expectStatus().isEqualTo(409);
        fixtures.trainer(trainer).post().uri("/api/booking/bookings/{id}/cancellation", near).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "Imprévu")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");
        assertThat(OutboxRows.count(database, CANCELLED, near)).isEqualTo(1);

        // beyond 24 h the learner moves it; SEQUENCE goes up, BookingRescheduled is announced
        Instant later = soon.plus(Duration.ofDays(4));
        String far = (String) fixtures.booked(lea, trainer, "ADVICE", later).get("id");
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/reschedule", far).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("start", later.plus(Duration.ofDays(1)).toString())).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.sequence").isEqualTo(1).jsonPath("$.startsAt").isEqualTo(later.plus(Duration.ofDays(1)).toString());
        assertThat(OutboxRows.count(database, EventCatalog.of(BookingRescheduled.class).type(), far)).isEqualTo(1);

        // its iCalendar parses back with ical4j: a stable UID, SEQUENCE 1 after the move, UTC times; then CANCEL
        net.fortuna.ical4j.model.Calendar moved = ics(lea, far);
        net.fortuna.ical4j.model.component.VEvent event = moved.<net.fortuna.ical4j.model.component.VEvent>getComponents().get(0);
        assertThat(event.getProperty("UID").orElseThrow().getValue()).isEqualTo(far + "@mecaformation.fr");
        assertThat(event.getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("1");
        assertThat(event.getProperty("DTSTART").orElseThrow().getValue()).isEqualTo(java.time.format.DateTimeFormatter
                .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(later.plus(Duration.ofDays(1))));
        assertThat(moved.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("PUBLISH");
        moved.validate();
        fixtures.learner(tom).get().uri("/api/booking/bookings/{id}/calendar", far).exchange().expectStatus().isNotFound();
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/cancellation", far).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isOk();
        net.fortuna.ical4j.model.Calendar cancelledIcs = ics(lea, far);
        net.fortuna.ical4j.model.component.VEvent gone = cancelledIcs.<net.fortuna.ical4j.model.component.VEvent>getComponents().get(0);
        assertThat(cancelledIcs.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("CANCEL");
        assertThat(gone.getProperty("UID").orElseThrow().getValue()).isEqualTo(far + "@mecaformation.fr");
        assertThat(gone.getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("2");
        assertThat(gone.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
        fixtures.learner(tom).post().uri("/api/booking/bookings/{id}/reschedule", far).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("start", later.plus(Duration.ofDays(2)).toString())).exchange().expectStatus().isNotFound();
    }

    net.fortuna.ical4j.model.Calendar ics(UUID caller, String booking) {
        byte[] body = fixtures.learner(caller).get().uri("/api/booking/bookings/{id}/calendar", booking).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/calendar")
                .expectBody().returnResult().getResponseBody();
        try {
            return new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_private_ical_feed_lists_only_its_owners_bookings_validates_as_rfc_5545_and_dies_when_revoked_or_replaced() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(0, 0), LocalTime.of(0, 0), 0, 0, null);
        UUID lea = UUID.randomUUID();
        UUID tom = UUID.randomUUID();
        Instant first = CLOCK.instant().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
        String cancelled = (String) fixtures.booked(lea, trainer, "ADVICE", first).get("id");
        fixtures.learner(lea).post().uri("/api/booking/bookings/{id}/cancellation", cancelled).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isOk();
        String confirmed = (String) fixtures.booked(lea, trainer, "ADVICE", first.plus(Duration.ofDays(1))).get("id");
        String toms = (String) fixtures.booked(tom, trainer, "ADVICE", first.plus(Duration.ofDays(2))).get("id");

        // managing a feed needs the person's token
        fixtures.anonymous().post().uri("/api/booking/me/calendar-feed").exchange().expectStatus().isUnauthorized();
        String leaUrl = feedUrl(lea);
        String token = leaUrl.substring(leaUrl.lastIndexOf('/') + 1, leaUrl.length() - ".ics".length());
        assertThat(leaUrl).startsWith("http://localhost:8080/api/booking/calendar-feeds/").endsWith(".ics");
        // 256 random bits in base64url; only the hash is stored
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(database.count("SELECT count(*) FROM calendar_feed WHERE token_hash = sha256(convert_to('" + token
                + "', 'UTF8')) AND user_id = '" + lea + "'")).isEqualTo(1);

        // read without any bearer token, as a calendar app does: Léa's two bookings (one cancelled), not Tom's
        net.fortuna.ical4j.model.Calendar feed = feed(leaUrl);
        feed.validate();
        assertThat(feed.getProperty("METHOD").orElseThrow().getValue()).isEqualTo("PUBLISH");
        Map<String, net.fortuna.ical4j.model.component.VEvent> events = new java.util.HashMap<>();
        feed.<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT")
                .forEach(event -> events.put(event.getProperty("UID").orElseThrow().getValue(), event));
        assertThat(events).containsOnlyKeys(cancelled + "@mecaformation.fr", confirmed + "@mecaformation.fr");
        net.fortuna.ical4j.model.component.VEvent gone = events.get(cancelled + "@mecaformation.fr");
        assertThat(gone.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CANCELLED");
        assertThat(gone.getProperty("SEQUENCE").orElseThrow().getValue()).isEqualTo("1");
        net.fortuna.ical4j.model.component.VEvent kept = events.get(confirmed + "@mecaformation.fr");
        assertThat(kept.getProperty("STATUS").orElseThrow().getValue()).isEqualTo("CONFIRMED");
        assertThat(kept.getProperty("DTSTART").orElseThrow().getValue()).isEqualTo(java.time.format.DateTimeFormatter
                .ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC).format(first.plus(Duration.ofDays(1))));

        // BOLA: Tom's feed never shows Léa's bookings; the trainer's feed shows the sessions they give
        net.fortuna.ical4j.model.Calendar tomsFeed = feed(feedUrl(tom));
        tomsFeed.validate();
        assertThat(tomsFeed.<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT"))
                .extracting(event -> event.getProperty("UID").orElseThrow().getValue()).containsExactly(toms + "@mecaformation.fr");
        net.fortuna.ical4j.model.Calendar trainersFeed = feed(feedUrl(trainer));
        trainersFeed.validate();
        assertThat(trainersFeed.<net.fortuna.ical4j.model.component.VEvent>getComponents("VEVENT"))
                .extracting(event -> event.getProperty("UID").orElseThrow().getValue())
                .containsExactlyInAnyOrder(cancelled + "@mecaformation.fr", confirmed + "@mecaformation.fr", toms + "@mecaformation.fr");

        // an unknown token, a new feed replacing the old URL, a revoked one: 404 at once, and not cached anywhere
        fixtures.anonymous().get().uri("/api/booking/calendar-feeds/{token}.ics", "A".repeat(43)).exchange().expectStatus().isNotFound();
        fixtures.anonymous().get().uri("/api/booking/calendar-feeds/{token}.ics", "x").exchange().expectStatus().isNotFound();
        String replaced = feedUrl(lea);
        assertThat(replaced).isNotEqualTo(leaUrl);
        fixtures.anonymous().get().uri(java.net.URI.create(leaUrl).getPath()).exchange().expectStatus().isNotFound();
        fixtures.anonymous().get().uri(java.net.URI.create(replaced).getPath()).exchange().expectStatus().isOk()
                .expectHeader().value("Cache-Control", value -> assertThat(value).contains("private").doesNotContain("public"));
        fixtures.learner(lea).delete().uri("/api/booking/me/calendar-feed").exchange().expectStatus().isNoContent();
        fixtures.anonymous().get().uri(java.net.URI.create(replaced).getPath()).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        fixtures.learner(lea).delete().uri("/api/booking/me/calendar-feed").exchange().expectStatus().isNotFound();
        assertThat(database.count("SELECT count(*) FROM calendar_feed WHERE user_id = '" + lea + "'")).isZero();
    }

    @SuppressWarnings("unchecked")
    String feedUrl(UUID person) {
        return (String) fixtures.learner(person).post().uri("/api/booking/me/calendar-feed").exchange()
                .expectStatus().isCreated().expectHeader().value("Cache-Control", value -> assertThat(value).contains("no-store"))
                .expectBody(Map.class).returnResult().getResponseBody().get("url");
    }

    net.fortuna.ical4j.model.Calendar feed(String url) {
        byte[] body = fixtures.anonymous().get().uri(java.net.URI.create(url).getPath()).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/calendar")
                .expectBody().returnResult().getResponseBody();
        try {
            return new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reminders_are_announced_once_each_and_the_trainer_alone_records_attendance() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(0, 0), LocalTime.of(0, 0), 0, 0, null);
        UUID learner = UUID.randomUUID();
        Instant start = CLOCK.instant().plus(Duration.ofHours(23)).truncatedTo(ChronoUnit.HOURS);
        String id = (String) fixtures.booked(learner, trainer, "ADVICE", start).get("id");
        String reminder = EventCatalog.of(BookingReminderDue.class).type();

        housekeeping.remind().block();
        housekeeping.remind().block();
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxRows.count(database, reminder, id) == 1);
        CLOCK.advance(Duration.between(CLOCK.instant(), start).minus(Duration.ofMinutes(50)));
        await().atMost(Duration.ofSeconds(10)).until(() -> OutboxRows.count(database, reminder, id) == 2);
        housekeeping.remind().block();
        assertThat(OutboxRows.count(database, reminder, id)).isEqualTo(2);
        assertThat(KafkaSupport.awaitRecords(bookingTopic, r -> id.equals(r.key()) && reminder.equals(KafkaSupport.header(r, "ce_type")),
                2, Duration.ofSeconds(30))).extracting(r -> EventJson.read(r.value(), BookingReminderDue.class).reminder())
                .containsExactly("T24H", "T1H");

        // attendance once it started: not before, not by another trainer
        fixtures.trainer(trainer).put().uri("/api/booking/trainer/bookings/{id}/attendance", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("present", true)).exchange().expectStatus().isEqualTo(409);
        CLOCK.advance(Duration.ofMinutes(55));
        fixtures.trainer(UUID.randomUUID()).put().uri("/api/booking/trainer/bookings/{id}/attendance", id)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("present", true)).exchange().expectStatus().isNotFound();
        fixtures.trainer(trainer).put().uri("/api/booking/trainer/bookings/{id}/attendance", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("present", true)).exchange().expectStatus().isOk().expectBody().jsonPath("$.attended").isEqualTo(true);
        assertThat(OutboxRows.count(database, EventCatalog.of(AttendanceRecorded.class).type(), id)).isEqualTo(1);
    }

    @Test
    void an_attendance_certificate_in_french_states_times_in_both_zones_and_the_trainer_for_present_bookings_only() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(0, 0), LocalTime.of(0, 0), 0, 0, null);
        UUID lea = UUID.randomUUID();
        UUID anonymous = UUID.randomUUID();
        UUID absent = UUID.randomUUID();
        Instant start = at(inDays(3), 9, 0);
        String id = (String) fixtures.named(lea, "student", "Léa Martin").post().uri("/api/booking/bookings")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("trainerId", trainer.toString(), "kind", "ADVICE", "start", start.toString()))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        String unnamed = (String) fixtures.booked(anonymous, trainer, "ADVICE", at(inDays(3), 10, 0)).get("id");
        String missed = (String) fixtures.booked(absent, trainer, "ADVICE", at(inDays(3), 11, 0)).get("id");

        // not recorded yet: 409 in French
        fixtures.learner(lea).get().uri("/api/booking/bookings/{id}/attendance-certificate", id).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("présence"));

        CLOCK.advance(Duration.between(CLOCK.instant(), at(inDays(3), 11, 5)));
        for (String booking : List.of(id, unnamed)) {
            fixtures.named(trainer, "trainer", "Marc Dupont").put().uri("/api/booking/trainer/bookings/{id}/attendance", booking)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("present", true)).exchange().expectStatus().isOk();
        }
        Instant recorded = CLOCK.instant();
        fixtures.trainer(trainer).put().uri("/api/booking/trainer/bookings/{id}/attendance", missed)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("present", false)).exchange().expectStatus().isOk();

        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.FRANCE);
        java.time.format.DateTimeFormatter hour = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        java.time.ZonedDateTime utc = start.atZone(java.time.ZoneOffset.UTC);
        String text = certificateText(fixtures.learner(lea), id, "");
        assertThat(text).contains("Attestation de présence", "MécaFormation atteste que", "Léa Martin",
                "Séance : Conseil pédagogique",
                "Le " + day.format(start.atZone(PARIS)) + ", de 09:00 à 09:30 (heure de Europe/Paris)",
                "Soit en temps universel : le " + day.format(utc) + ", de " + hour.format(utc) + " à "
                        + hour.format(utc.plusMinutes(30)) + " UTC",
                "Formateur : Marc Dupont",
                "Présence enregistrée le " + java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH:mm", java.util.Locale.FRANCE)
                        .format(recorded.atZone(PARIS)) + " (Europe/Paris)",
                "Réservation n° " + id)
                .doesNotContain(lea.toString());

        // the learner's own zone, and a bad one refused
        java.time.ZoneId guadeloupe = java.time.ZoneId.of("America/Guadeloupe");
        assertThat(certificateText(fixtures.learner(lea), id, "?zone=America/Guadeloupe")).contains(
                "Le " + day.format(start.atZone(guadeloupe)) + ", de " + hour.format(start.atZone(guadeloupe)) + " à "
                        + hour.format(start.plus(Duration.ofMinutes(30)).atZone(guadeloupe)) + " (heure de America/Guadeloupe)");
        fixtures.learner(lea).get().uri("/api/booking/bookings/{id}/attendance-certificate?zone=+02:00", id).exchange()
                .expectStatus().isBadRequest();

        // a learner whose name booking-service never saw: said so, their id is not printed
        assertThat(certificateText(fixtures.learner(anonymous), unnamed, ""))
                .contains("(nom de l'apprenant non connu du service de réservation)", "Formateur : Marc Dupont")
                .doesNotContain(anonymous.toString());

        // recorded absent: no certificate
        fixtures.learner(absent).get().uri("/api/booking/bookings/{id}/attendance-certificate", missed).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("présence"));

        // BOLA: the trainer and an admin get it, another learner or trainer is told it doesn't exist
        assertThat(certificateText(fixtures.trainer(trainer), id, "")).contains("Léa Martin");
        assertThat(certificateText(fixtures.as(UUID.randomUUID(), "admin"), id, "")).contains("Léa Martin");
        fixtures.learner(anonymous).get().uri("/api/booking/bookings/{id}/attendance-certificate", id).exchange()
                .expectStatus().isNotFound();
        fixtures.trainer(UUID.randomUUID()).get().uri("/api/booking/bookings/{id}/attendance-certificate", id).exchange()
                .expectStatus().isNotFound();
        fixtures.anonymous().get().uri("/api/booking/bookings/{id}/attendance-certificate", id).exchange()
                .expectStatus().isUnauthorized();
    }

    String certificateText(WebTestClient caller, String booking, String query) throws Exception {
        byte[] pdf = caller.get().uri("/api/booking/bookings/" + booking + "/attendance-certificate" + query).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                .expectBody().returnResult().getResponseBody();
        try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
    }

    // ---------------------------------------------------------------- coaching: hold, payment, expiry, late payment, erasure

    JsonNode sample(String path) throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            return EventJson.mapper().readTree(in);
        }
    }

    void replay(String topic, JsonNode sample) {
        KafkaSupport.sendCloudEvent(topic, sample.get("subject").asString(), sample.get("id").asString(),
                sample.get("type").asString(), sample.get("source").asString(),
                EventJson.mapper().writeValueAsBytes(sample.get("data")));
    }

    @Test
    void a_held_coaching_slot_is_confirmed_by_payment_services_golden_sample_once_and_user_deleted_erases_the_learner() throws Exception {
        JsonNode paid = sample("samples/payment/coaching-hour-purchased.v1.json");
        JsonNode deleted = sample("samples/identity/user-deleted.v1.json");
        UUID learner = UUID.fromString(paid.get("data").get("learnerId").asString());
        assertThat(deleted.get("data").get("userId").asString()).isEqualTo(learner.toString());
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        Map<String, Object> held = fixtures.booked(learner, trainer, "COACHING", at(inDays(15), 9, 0));
        String id = (String) held.get("id");
        assertThat(held).containsEntry("status", "HELD").containsEntry("paymentPath", "/api/payments/coaching/checkout");
        assertThat(OutboxRows.count(database, CONFIRMED, id)).isZero();
        // the hold holds: nobody else gets the slot meanwhile
        fixtures.book(UUID.randomUUID(), trainer, "COACHING", at(inDays(15), 9, 0)).expectStatus().isEqualTo(409);

        replay(PurchaseEvents.TOPIC, paid);
        replay(PurchaseEvents.TOPIC, paid);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(
                database.scalar("SELECT status FROM booking WHERE id = '" + id + "'")));
        assertThat(database.scalar("SELECT payment_id FROM booking WHERE id = '" + id + "'"))
                .isEqualTo(paid.get("data").get("paymentId").asString());
        await().atMost(Duration.ofSeconds(10)).until(() -> database.count(
                "SELECT count(*) FROM platform.processed_event WHERE event_id = '" + paid.get("id").asString() + "'") == 1);
        assertThat(OutboxRows.count(database, CONFIRMED, id)).isEqualTo(1);
        assertThat(database.scalar("SELECT outcome FROM coaching_payment WHERE payment_id = '"
                + paid.get("data").get("paymentId").asString() + "'")).isEqualTo("CONFIRMED");

        // their feed and the name their token gave (remembered when asking for a certificate) go with the account
        String feed = java.net.URI.create(feedUrl(learner)).getPath();
        fixtures.named(learner, "student", "Léa Martin").get().uri("/api/booking/bookings/{id}/attendance-certificate", id)
                .exchange().expectStatus().isEqualTo(409);
        assertThat(database.count("SELECT count(*) FROM person_name WHERE user_id = '" + learner + "'")).isEqualTo(1);

        // the account is erased (twice delivered): the paid future booking is cancelled and owed back, the learner gone
        replay(UserEvents.TOPIC, deleted);
        replay(UserEvents.TOPIC, deleted);
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count(
                "SELECT count(*) FROM booking WHERE learner_id = '" + learner + "'") == 0);
        assertThat(database.scalar("SELECT status || ' ' || cancelled_by FROM booking WHERE id = '" + id + "'"))
                .isEqualTo("CANCELLED SYSTEM");
        assertThat(OutboxRows.count(database, CANCELLED, id)).isEqualTo(1);
        assertThat(database.scalar("SELECT outcome FROM coaching_payment WHERE payment_id = '"
                + paid.get("data").get("paymentId").asString() + "'")).isEqualTo("REFUND_REQUIRED");
        assertThat(database.count("SELECT count(*) FROM coaching_payment WHERE learner_id IS NOT NULL AND payment_id = '"
                + paid.get("data").get("paymentId").asString() + "'")).isZero();
        // the bookings' inbox (internship matching hears UserDeleted too, in an inbox of its own)
        await().atMost(Duration.ofSeconds(10)).until(() -> database.count("SELECT count(*) FROM platform.processed_event"
                + " WHERE consumer = 'booking-service.bookings' AND event_id = '" + deleted.get("id").asString() + "'") == 1);
        fixtures.anonymous().get().uri(feed).exchange().expectStatus().isNotFound();
        assertThat(database.count("SELECT count(*) FROM person_name WHERE user_id = '" + learner + "'")).isZero();
        assertThat(database.count("SELECT count(*) FROM calendar_feed WHERE user_id = '" + learner + "'")).isZero();
        // the slot is free again
        fixtures.booked(UUID.randomUUID(), trainer, "COACHING", at(inDays(15), 9, 0));
    }

    void pay(UUID learner, UUID payment) {
        KafkaSupport.sendCloudEvent(PurchaseEvents.TOPIC, payment.toString(), UUID.randomUUID().toString(),
                EventCatalog.of(CoachingHourPurchased.class).type(), "/payment-service",
                EventJson.write(new CoachingHourPurchased(payment, learner, 1, 9000, "EUR", CLOCK.instant())));
    }

    @Test
    void an_expired_hold_frees_the_slot_and_a_late_payment_rebooks_it_when_free_or_is_owed_back_when_taken() {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "COACHING", "Europe/Paris", LocalTime.of(9, 0), LocalTime.of(12, 0), 0, 0, null);
        LocalDate day = inDays(16);
        UUID slow = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        String taken = (String) fixtures.booked(slow, trainer, "COACHING", at(day, 9, 0)).get("id");
        String free = (String) fixtures.booked(late, trainer, "COACHING", at(day, 10, 0)).get("id");

        CLOCK.advance(Duration.ofMinutes(36));
        // the poller (SKIP LOCKED) releases both holds
        await().atMost(Duration.ofSeconds(20)).until(() -> database.count("SELECT count(*) FROM booking WHERE id IN ('"
                + taken + "', '" + free + "') AND status = 'EXPIRED'") == 2);
        assertThat(OutboxRows.count(database, CONFIRMED, taken)).isZero();
        // somebody else books the first freed slot
        fixtures.booked(UUID.randomUUID(), trainer, "COACHING", at(day, 9, 0));

        UUID paymentTaken = UUID.randomUUID();
        UUID paymentFree = UUID.randomUUID();
        pay(slow, paymentTaken);
        pay(late, paymentFree);
        await().atMost(Duration.ofSeconds(30)).until(() -> database.count("SELECT count(*) FROM coaching_payment WHERE payment_id IN ('"
                + paymentTaken + "', '" + paymentFree + "')") == 2);
        assertThat(database.scalar("SELECT outcome FROM coaching_payment WHERE payment_id = '" + paymentTaken + "'"))
                .isEqualTo("REFUND_REQUIRED");
        assertThat(database.scalar("SELECT outcome FROM coaching_payment WHERE payment_id = '" + paymentFree + "'"))
                .isEqualTo("REBOOKED");
        assertThat(active("learner_id = '" + slow + "'")).isZero();
        assertThat(database.scalar("SELECT status FROM booking WHERE learner_id = '" + late + "' AND payment_id = '"
                + paymentFree + "'")).isEqualTo("CONFIRMED");
        fixtures.as(UUID.randomUUID(), "admin").get().uri("/api/booking/admin/coaching-payments/refunds-due").exchange()
                .expectStatus().isOk().expectBody(String.class).value(body -> assertThat(body).contains(paymentTaken.toString())
                        .doesNotContain(paymentFree.toString()));
        fixtures.trainer(trainer).get().uri("/api/booking/admin/coaching-payments/refunds-due").exchange().expectStatus().isForbidden();
    }
}
