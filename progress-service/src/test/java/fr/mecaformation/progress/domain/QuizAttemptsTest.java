package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizAttemptsTest {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final Quiz QUIZ = new Quiz(UUID.randomUUID(), 1, 70, 3, Duration.ofMinutes(10), List.of());

    static QuizAttempts.Past failed(int number, Instant at) {
        return new QuizAttempts.Past(UUID.randomUUID(), number, 1, 40, false, at);
    }

    @Test
    void a_failed_attempt_waits_for_the_cool_down() {
        List<QuizAttempts.Past> one = List.of(failed(1, T0));
        assertThatThrownBy(() -> QuizAttempts.nextNumber(QUIZ, one, T0.plusSeconds(1)))
                .isInstanceOfSatisfying(QuizAttempts.CoolingDown.class, e -> {
                    assertThat(e.retryAfterSeconds()).isEqualTo(599);
                    assertThat(e.nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
                    assertThat(e.getMessage()).contains("9 min 59 s");
                });
        assertThat(QuizAttempts.nextNumber(QUIZ, one, T0.plus(Duration.ofMinutes(10)))).isEqualTo(2);
        assertThat(QuizAttempts.standing(QUIZ, one, T0).nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(QuizAttempts.standing(QUIZ, one, T0).attemptsLeft()).isEqualTo(2);
    }

    @Test
    void attempts_run_out_and_a_passed_quiz_is_not_taken_again() {
        List<QuizAttempts.Past> three = List.of(failed(1, T0), failed(2, T0.plusSeconds(700)), failed(3, T0.plusSeconds(1400)));
        assertThatThrownBy(() -> QuizAttempts.nextNumber(QUIZ, three, T0.plus(Duration.ofDays(1))))
                .isInstanceOf(QuizAttempts.Exhausted.class).hasMessageContaining("3 tentatives");
        assertThat(QuizAttempts.standing(QUIZ, three, T0.plus(Duration.ofDays(1))).nextAttemptAt()).isNull();
        List<QuizAttempts.Past> passed = List.of(new QuizAttempts.Past(UUID.randomUUID(), 1, 1, 90, true, T0));
        assertThatThrownBy(() -> QuizAttempts.nextNumber(QUIZ, passed, T0.plusSeconds(5)))
                .isInstanceOf(DomainException.Conflict.class).hasMessageContaining("déjà réussi");
        assertThat(QuizAttempts.standing(QUIZ, passed, T0).attemptsLeft()).isZero();
    }
}
