package fr.mecaformation.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service wrote to its outbox ({@code platform.outbox_event}), read from its test database. An effect that
 * publishes does so in the same transaction as its state change, so once the request has returned, "no row here" is
 * a deterministic proof that the effect published nothing: no waiting on Kafka for something that must not come.
 */
public final class OutboxRows {

    private OutboxRows() {
    }

    /** Events of {@code type} (the CloudEvent type, e.g. {@code EventCatalog.of(X.class).type()}) about {@code subject}. */
    public static long count(PostgresSupport.Database database, String type, String subject) {
        return database.count("SELECT count(*) FROM platform.outbox_event WHERE event_type = '" + quoted(type)
                + "' AND subject = '" + quoted(subject) + "'");
    }

    /** Events of any type about {@code subject} on {@code topic}. */
    public static long countOnTopic(PostgresSupport.Database database, String topic, String subject) {
        return database.count("SELECT count(*) FROM platform.outbox_event WHERE topic = '" + quoted(topic)
                + "' AND subject = '" + quoted(subject) + "'");
    }

    /** The types of the events about {@code subject} on {@code topic}, in the order they were committed (and are relayed). */
    public static List<String> types(PostgresSupport.Database database, String topic, String subject) {
        List<String> types = new ArrayList<>();
        try (Connection connection = database.connect(); ResultSet rows = connection.createStatement().executeQuery(
                "SELECT event_type FROM platform.outbox_event WHERE topic = '" + quoted(topic) + "' AND subject = '"
                        + quoted(subject) + "' ORDER BY sequence")) {
            while (rows.next()) {
                types.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return types;
    }

    private static String quoted(String text) {
        return text.replace("'", "''");
    }
}
