package fr.mecaformation.testsupport;

import java.time.Duration;

/** The one place test infrastructure waits between polls of something that is starting. */
public final class Waiting {

    private Waiting() {
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
