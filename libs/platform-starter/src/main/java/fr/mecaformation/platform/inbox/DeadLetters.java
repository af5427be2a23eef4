package fr.mecaformation.platform.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Where unprocessable events go: beside their topic, so an operator can inspect and replay them. */
public final class DeadLetters {

    public static final String SUFFIX = ".dlt";

    private DeadLetters() {
    }

    public static String topicFor(String topic) {
        return topic + SUFFIX;
    }

    /** {@code meca_inbox_dead_letters_total{topic}}: records of {@code topic} parked on its dead-letter topic. */
    public static Counter counter(MeterRegistry meters, String topic) {
        return Counter.builder("meca.inbox.dead.letters").description("Records parked on their dead-letter topic")
                .tag("topic", topic).register(meters);
    }
}
