package fr.mecaformation.events.progress;

/** Wire constants of quiz attempts, keyed by learner. */
public final class QuizEvents {

    public static final String TOPIC = "progress.quiz.v1";

    private QuizEvents() {
    }
}
