package fr.mecaformation.progress.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The quiz of a QUIZ lesson, one immutable version of it. Setting a quiz again makes a new version: attempts keep
 * the version they were scored against (their feedback never changes), and count against the lesson's attempt limit
 * whatever version they answered, so fixing a typo does not hand every learner new attempts.
 */
public record Quiz(UUID lessonId, int version, int passMarkPercent, int maxAttempts, Duration cooldown,
                   List<QuizQuestion> questions) {

    public Quiz {
        questions = List.copyOf(questions);
    }

    public int maxPoints() {
        return questions.stream().mapToInt(QuizQuestion::points).sum();
    }

    public Optional<QuizQuestion> question(UUID id) {
        return questions.stream().filter(question -> question.id().equals(id)).findFirst();
    }

    /** The quiz as learners see it before answering: nothing of how it is marked. */
    public Shown shown() {
        return new Shown(lessonId, version, passMarkPercent, maxAttempts, cooldown.toSeconds(),
                questions.stream().map(QuizQuestion::shown).toList());
    }

    public record Shown(UUID lessonId, int version, int passMarkPercent, int maxAttempts, long cooldownSeconds,
                        List<QuizQuestion.ShownQuestion> questions) {
    }
}
