package fr.mecaformation.platform.inbox;

/** Where unprocessable events go: beside their topic, so an operator can inspect and replay them. */
public final class DeadLetters {

    public static final String SUFFIX = ".dlt";

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }
}
