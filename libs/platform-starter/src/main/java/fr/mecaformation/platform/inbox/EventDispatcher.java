package fr.mecaformation.platform.inbox;

import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/** Builds each consumer group's {@link EventHandlers}, with the platform's inbox and effect timeout. */
public class EventDispatcher {

    private final Inbox inbox;
    private final Duration effectTimeout;
    private final MeterRegistry meters;

    public EventDispatcher(Inbox inbox, Duration effectTimeout, MeterRegistry meters) {
        this.inbox = inbox;
        this.effectTimeout = effectTimeout;
        this.meters = meters;
    }

    /** The handlers of one consumer group; the group's name is also its name in the inbox. */
    public EventHandlers group(String consumerGroup) {
        return new EventHandlers(consumerGroup, inbox, effectTimeout, meters);
    }
}
