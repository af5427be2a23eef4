package fr.mecaformation.booking.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoPropertiesTest {

    static VideoProperties with(String baseUrl, String secret) {
        return new VideoProperties(baseUrl, "mecaformation", "jitsi", "visio.mecaformation.fr", secret,
                Duration.ofMinutes(30), Duration.ofMinutes(30));
    }

    @Test
    void a_secret_too_short_for_hs256_is_refused_at_startup_and_a_blank_one_signs_nothing() {
        assertThatThrownBy(() -> with("https://visio.example", "trop-court")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 octets");
        assertThat(with("https://visio.example", "").signs()).isFalse();
        assertThat(with("https://visio.example", "a-secret-of-at-least-thirty-two-bytes").signs()).isTrue();
    }

    @Test
    void the_base_url_loses_its_trailing_slash_so_room_urls_have_one() {
        assertThat(with("https://visio.example/", "").baseUrl()).isEqualTo("https://visio.example");
    }
}
