package fr.mecaformation.auth.application;

import fr.mecaformation.auth.keycloak.VerificationEmailProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationMailsBackoffTest {

    @Test
    void the_wait_between_attempts_doubles_from_the_first_retry_and_stops_growing_at_the_longest() {
        VerificationMails mails = new VerificationMails(null, null, new VerificationEmailProperties("meca-web",
                "http://localhost/", Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(5),
                Duration.ofHours(24)), Clock.systemUTC(), new SimpleMeterRegistry());

        assertThat(mails.backoff(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(mails.backoff(1)).isEqualTo(Duration.ofSeconds(4));
        assertThat(mails.backoff(6)).isEqualTo(Duration.ofSeconds(128));
        assertThat(mails.backoff(7)).isEqualTo(Duration.ofSeconds(256));
        assertThat(mails.backoff(8)).isEqualTo(Duration.ofMinutes(5));
        assertThat(mails.backoff(10_000)).isEqualTo(Duration.ofMinutes(5));
    }
}
