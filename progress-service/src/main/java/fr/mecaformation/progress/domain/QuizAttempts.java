package fr.mecaformation.progress.domain;

import fr.mecaformation.web.problem.DomainException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When a learner may try a quiz again: at most {@code maxAttempts} attempts in all (every version of the quiz counts),
 * none once passed, and after a failed attempt not before the quiz's cool-down has passed.
 */
public final class QuizAttempts {

    private QuizAttempts() {
    }

    /** An attempt already scored, as the learner's history shows it. */
    public record Past(UUID attemptId, int number, int quizVersion, int scorePercent, boolean passed, Instant submittedAt) {
    }

    /** @param nextAttemptAt null when an attempt is allowed now, or when none will ever be */
    public record Standing(int attemptsUsed, int attemptsLeft, boolean passed, Instant nextAttemptAt) {
    }

    public static Standing standing(Quiz quiz, List<Past> attempts, Instant now) {
        boolean passed = attempts.stream().anyMatch(Past::passed);
        int left = passed ? 0 : Math.max(0, quiz.maxAttempts() - attempts.size());
        Instant next = null;
        if (left > 0 && !attempts.isEmpty()) {
            Instant ready = attempts.get(attempts.size() - 1).submittedAt().plus(quiz.cooldown());
            next = ready.isAfter(now) ? ready : null;
        }
        return new Standing(attempts.size(), left, passed, next);
    }

    /** The number of the attempt about to be made, or why it may not be made now. */
    public static int nextNumber(Quiz quiz, List<Past> attempts, Instant now) {
        Standing standing = standing(quiz, attempts, now);
        if (standing.passed()) {
            throw new DomainException.Conflict("Vous avez déjà réussi ce quiz.");
        }
        if (standing.attemptsLeft() == 0) {
            throw new Exhausted(quiz.maxAttempts());
        }
        if (standing.nextAttemptAt() != null) {
            throw new CoolingDown(standing.nextAttemptAt(), Duration.between(now, standing.nextAttemptAt()));
        }
        return attempts.size() + 1;
    }

    /** No attempt left. */
    public static final class Exhausted extends DomainException.Conflict {
        public Exhausted(int maxAttempts) {
            super("Vous avez utilisé vos " + maxAttempts + " tentatives pour ce quiz.");
        }
    }

    /** A failed attempt is too recent: the next one is allowed at {@code nextAttemptAt}. */
    public static final class CoolingDown extends DomainException.Conflict {
        private final Instant nextAttemptAt;
        private final long retryAfterSeconds;

        public CoolingDown(Instant nextAttemptAt, Duration wait) {
            super("Prenez le temps de revoir la leçon : prochaine tentative possible dans " + spoken(wait) + ".");
            this.nextAttemptAt = nextAttemptAt;
            this.retryAfterSeconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        }

        public Instant nextAttemptAt() {
            return nextAttemptAt;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        private static String spoken(Duration wait) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            long minutes = seconds / 60;
            return minutes == 0 ? seconds + " s" : seconds % 60 == 0 ? minutes + " min" : minutes + " min " + seconds % 60 + " s";
        }
    }
}
