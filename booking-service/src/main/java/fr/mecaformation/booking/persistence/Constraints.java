package fr.mecaformation.booking.persistence;

import io.r2dbc.postgresql.api.PostgresqlException;

import java.util.Optional;

/**
 * The name of the constraint a failed write broke, if it broke one: the database is where double bookings are
 * refused, and the name says which rule it was (the trainer's agenda, the learner's, a seat…) so the 409 can say it.
 */
public final class Constraints {

    private Constraints() {
    }

    public static Optional<String> violated(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PostgresqlException postgres) {
                String state = postgres.getErrorDetails().getCode();
                if (state.equals("23505") || state.equals("23P01") || state.equals("23514")) {
                    return postgres.getErrorDetails().getConstraintName();
                }
            }
        }
        return Optional.empty();
    }
}
