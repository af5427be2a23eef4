package fr.mecaformation.events.progress;

import fr.mecaformation.events.DomainEvent;
import fr.mecaformation.events.EventContract;

import java.time.Instant;
import java.util.UUID;

/** A quiz attempt was scored by the server: {@code scorePercent} 0–100, {@code passed} against the quiz's pass mark. */
@EventContract(type = "fr.mecaformation.progress.quiz.submitted.v1", topic = QuizEvents.TOPIC,
        schema = "schemas/progress/quiz-submitted.v1.json")
public record QuizSubmitted(UUID attemptId, UUID learnerId, UUID courseId, UUID lessonId, int attemptNumber,
                            int scorePercent, boolean passed, Instant submittedAt) implements DomainEvent {

    @Override
    public String subject() {
        return learnerId.toString();
    }
}
