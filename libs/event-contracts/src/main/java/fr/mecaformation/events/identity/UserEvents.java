package fr.mecaformation.events.identity;

/** Wire constants of the user aggregate (auth-service). */
public final class UserEvents {

    public static final String TOPIC = "identity.user.v1";

    private UserEvents() {
    }
}
