package fr.mecaformation.booking;

import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockJwt;

/** Requests as real callers make them (mocked tokens: these tests are about authorization rules, not token checks). */
final class BookingFixtures {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final WebTestClient client;

    BookingFixtures(WebTestClient client) {
        this.client = client;
    }

    WebTestClient as(UUID subject, String role) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject.toString()))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    /** A token with a display name ("name" claim, as Keycloak puts it). */
    WebTestClient named(UUID subject, String role, String name) {
        return client.mutateWith(mockJwt().jwt(jwt -> jwt.subject(subject.toString()).claim("name", name))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role)));
    }

    /** No token at all, as a calendar app calls. */
    WebTestClient anonymous() {
        return client;
    }

    WebTestClient learner(UUID id) {
        return as(id, "student");
    }

    WebTestClient trainer(UUID id) {
        return as(id, "trainer");
    }

    /** Every day from start to end in the zone, with buffers, no notice, a year ahead. */
    void publish(UUID trainer, String kind, String zone, LocalTime start, LocalTime end, int before, int after, Integer cap) {
        publish(trainer, kind, zone, start, end, before, after, cap, null);
    }

    /** The same with a weekly cap too. */
    void publish(UUID trainer, String kind, String zone, LocalTime start, LocalTime end, int before, int after, Integer cap,
                 Integer weeklyCap) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zone", zone);
        body.put("bufferBeforeMinutes", before);
        body.put("bufferAfterMinutes", after);
        body.put("minimumNoticeMinutes", 0);
        body.put("maximumAdvanceDays", 365);
        body.put("dailyCap", cap);
        body.put("weeklyCap", weeklyCap);
        List<Map<String, String>> weekly = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            weekly.add(Map.of("day", day, "start", start.toString(), "end", end.toString()));
        }
        body.put("weekly", weekly);
        body.put("exceptions", List.of());
        trainer(trainer).put().uri("/api/booking/trainer/availability/{kind}", kind).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk();
    }

    static Instant at(LocalDate date, int hour, int minute) {
        return date.atTime(hour, minute).atZone(PARIS).toInstant();
    }

    WebTestClient.ResponseSpec book(UUID learner, UUID trainer, String kind, Instant start) {
        return learner(learner).post().uri("/api/booking/bookings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("trainerId", trainer.toString(), "kind", kind, "start", start.toString())).exchange();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> booked(UUID learner, UUID trainer, String kind, Instant start) {
        return (Map<String, Object>) book(learner, trainer, kind, start).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** n callers released at once; answers each one's status and body, in no particular order. */
    static List<EntityExchangeResult<String>> race(int n, Function<Integer, EntityExchangeResult<String>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<EntityExchangeResult<String>>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<EntityExchangeResult<String>> results = Collections.synchronizedList(new ArrayList<>());
            for (Future<EntityExchangeResult<String>> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
