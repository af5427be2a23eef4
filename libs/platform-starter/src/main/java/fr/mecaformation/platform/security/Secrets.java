package fr.mecaformation.platform.security;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.util.Optional;

/**
 * Signing keys and service secrets have no fallback: outside the {@code local} profile (developers' machines and
 * tests), a service whose key or secret is missing refuses to start, rather than signing with a throw-away key (links
 * and certificates that die with the instance) or a secret committed to the repository.
 */
public final class Secrets {

    /** The profile of developers' machines and tests, where a missing key may be replaced by a throw-away one. */
    public static final String LOCAL_PROFILE = "local";

    private Secrets() {
    }

    public static boolean local(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE));
    }

    /**
     * The configured value; empty only in the {@code local} profile (the caller then makes a throw-away one);
     * elsewhere a missing value stops the start-up with a message naming the property and its variable.
     */
    public static Optional<String> required(Environment environment, String value, String property, String variable) {
        if (value != null && !value.isBlank()) {
            return Optional.of(value.strip());
        }
        if (local(environment)) {
            return Optional.empty();
        }
        throw new MissingSecretException(property, variable);
    }

    /**
     * For secrets read elsewhere (typed properties a client library takes): a bean whose creation checks them at
     * start-up, so a missing one stops the service then rather than failing its first call.
     */
    public static Checked check(Environment environment, String... propertyAndVariable) {
        if (propertyAndVariable.length % 2 != 0) {
            throw new IllegalArgumentException("property and variable pairs expected");
        }
        for (int i = 0; i < propertyAndVariable.length; i += 2) {
            required(environment, environment.getProperty(propertyAndVariable[i]), propertyAndVariable[i], propertyAndVariable[i + 1]);
        }
        return new Checked(java.util.List.of(propertyAndVariable));
    }

    /** The secrets a {@link #check} found (or let go, in the local profile). */
    public record Checked(java.util.List<String> propertiesAndVariables) {
    }

    public static final class MissingSecretException extends IllegalStateException {
        public MissingSecretException(String property, String variable) {
            super(property + " (environment variable " + variable + ") must be set: outside the '" + LOCAL_PROFILE
                    + "' profile no key or secret is generated or defaulted");
        }
    }
}
