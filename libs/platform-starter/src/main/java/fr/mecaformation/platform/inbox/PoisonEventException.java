package fr.mecaformation.platform.inbox;

/** An event no retry can process; the listener's error handler sends it to the dead-letter topic at once. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
