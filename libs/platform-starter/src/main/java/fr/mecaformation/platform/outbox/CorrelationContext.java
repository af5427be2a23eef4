package fr.mecaformation.platform.outbox;

/** Reactor context key under which the request's correlation id travels to the outbox. */
public final class CorrelationContext {

    public static final String KEY = "meca.correlationId";

    private CorrelationContext() {
    }
}
