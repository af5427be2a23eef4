package fr.mecaformation.booking;

import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static fr.mecaformation.booking.BookingFixtures.PARIS;
import static fr.mecaformation.booking.BookingFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Weekly caps: an ISO week (Monday to Sunday in the availability's zone) holds at most that many meetings, counted in
 * the booking's transaction (not only at listing), and a DST week is the local week, 167 or 169 hours long.
 */
class WeeklyCapIT extends BookingIntegrationTest {

    static final LocalTime MIDNIGHT = LocalTime.MIDNIGHT;

    @Test
    void fifty_concurrent_bookings_of_fifty_slots_of_one_week_against_a_weekly_cap_of_three_give_exactly_three() throws Exception {
        UUID trainer = UUID.randomUUID();
        fixtures.publish(trainer, "ADVICE", "Europe/Paris", LocalTime.of(8, 0), LocalTime.of(18, 0), 0, 0, null, 3);
        LocalDate monday = inDays(8).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        // fifty different slots spread over the seven days of that week, fifty different learners
        List<Instant> slots = IntStream.range(0, 50).mapToObj(i -> at(monday.plusDays(i % 7), 8 + i / 7, 0)).toList();

        List<EntityExchangeResult<String>> results = BookingFixtures.race(50, i ->
                fixtures.book(UUID.randomUUID(), trainer, "ADVICE", slots.get(i)).expectBody(String.class).returnResult());

        assertThat(results).filteredOn(r -> r.getStatus().value() == 201).hasSize(3);
        assertThat(results).filteredOn(r -> r.getStatus().value() == 409).hasSize(47).allSatisfy(r -> {
            assertThat(r.getResponseHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(r.getResponseBody()).contains("nombre de rendez-vous pour la semaine du lundi", "3 au plus",
                    "du lundi au dimanche", "Europe/Paris");
        });
        assertThat(active("trainer_id = '" + trainer + "'")).isEqualTo(3);

        // the listing agrees: nothing left that week, the next week is open again
        fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={from}&to={to}", trainer, monday, monday.plusDays(6))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        fixtures.learner(UUID.randomUUID()).get()
                .uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={from}&to={to}", trainer, monday.plusDays(7), monday.plusDays(7))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(20);
        fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(monday.plusDays(7), 8, 0));
    }

    @Test
    void the_weeks_of_the_march_and_october_dst_changes_are_local_weeks_from_monday_to_sunday() {
        ZoneOffsetTransition first = PARIS.getRules().nextTransition(CLOCK.instant().plus(Duration.ofDays(8)));
        ZoneOffsetTransition second = PARIS.getRules().nextTransition(first.getInstant());
        assertThat(List.of(first.isGap(), second.isGap())).containsExactlyInAnyOrder(true, false);
        for (ZoneOffsetTransition change : List.of(first, second)) {
            LocalDate monday = change.getDateTimeBefore().toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate sunday = monday.plusDays(6);
            UUID trainer = UUID.randomUUID();
            fixtures.publish(trainer, "ADVICE", "Europe/Paris", MIDNIGHT, MIDNIGHT, 0, 0, null, 2);

            // the weeks on either side first: their edges are next to the DST week's, not in it
            fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(sunday.plusDays(1), 0, 0));
            fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(monday.minusDays(1), 23, 30));
            // the first and the last slot of the DST week: both in it, the cap of 2 is reached (a week taken as 168 h
            // from Monday's offset would end at 01:00 the next Monday in March, counting that Monday's 00:00 booking,
            // and at 23:00 on the Sunday in October, missing the 23:30 one)
            fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(monday, 0, 0));
            fixtures.booked(UUID.randomUUID(), trainer, "ADVICE", at(sunday, 23, 30));
            fixtures.book(UUID.randomUUID(), trainer, "ADVICE", at(monday.plusDays(2), 10, 0)).expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                            .contains("semaine du lundi " + monday.getDayOfMonth()));
            assertThat(active("trainer_id = '" + trainer + "'")).as("week of %s", change).isEqualTo(4);

            // and the listing of the DST week offers nothing more
            fixtures.learner(UUID.randomUUID()).get()
                    .uri("/api/booking/trainers/{t}/slots?kind=ADVICE&from={from}&to={to}", trainer, monday, sunday)
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
        }
    }
}
