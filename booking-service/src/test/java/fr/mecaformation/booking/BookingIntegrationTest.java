package fr.mecaformation.booking;

import fr.mecaformation.events.identity.UserEvents;
import fr.mecaformation.events.payment.PurchaseEvents;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import fr.mecaformation.testsupport.ServiceTestEnvironment;
import fr.mecaformation.testsupport.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.mecaformation.booking.BookingFixtures.PARIS;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * What every booking-service integration test stands on: the service against real PostgreSQL (a fresh database) and
 * Kafka, a clock the test moves, and {@link BookingFixtures} bound to the application. Every subclass declares nothing
 * more for the context, so they all share one Spring context (and one database: tests use their own random ids).
 */
@ActiveProfiles("local")
@SpringBootTest(properties = "meca.booking.poll-interval=200ms")
@Import(BookingIntegrationTest.MovableTime.class)
abstract class BookingIntegrationTest {

    static final TestClock CLOCK = new TestClock();

    static PostgresSupport.Database database;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        database = ServiceTestEnvironment.register(registry, "booking-service");
        // the topics this service consumes exist before its listeners subscribe (their producers declare them)
        KafkaSupport.createTopics(PurchaseEvents.TOPIC, UserEvents.TOPIC);
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

    @BeforeEach
    void bindClient() {
        fixtures = new BookingFixtures(WebTestClient.bindToApplicationContext(context).apply(springSecurity()).configureClient()
                .responseTimeout(Duration.ofSeconds(60)).build());
        // Jackson builds a body's deserializer once, under a lock: made by one request here, not by 50 racing ones
        fixtures.book(UUID.randomUUID(), UUID.randomUUID(), "ADVICE", CLOCK.instant().plus(Duration.ofDays(1)))
                .expectStatus().isNotFound();
    }

    LocalDate inDays(int days) {
        return LocalDate.ofInstant(CLOCK.instant(), PARIS).plusDays(days);
    }

    long active(String where) {
        return database.count("SELECT count(*) FROM booking WHERE status IN ('HELD', 'CONFIRMED') AND NOT hosting AND " + where);
    }
}
