package fr.mecaformation.events.progress;

/** Wire constants of a learner's completions (lessons and courses), keyed by learner so they stay in order. */
public final class CompletionEvents {

    public static final String TOPIC = "progress.completion.v1";

    private CompletionEvents() {
    }
}
