package fr.mecaformation.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for tests: the server on 127.0.0.1:5432 when one answers (CI and developer machines here),
 * else a Testcontainers one when Docker runs, else a failure that says what is missing. Each caller gets a fresh
 * database of its own, so test classes never see each other's rows and need no cleanup order.
 */
public final class PostgresSupport {

    public record Database(String host, int port, String name, String username, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String r2dbcUrl() {
            return "r2dbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), username, password);
        }

        /** The first column of the first row as text (null when there is no row); what tests read to check state. */
        public String scalar(String sql) {
            try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
                return rows.next() ? rows.getString(1) : null;
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        /** A {@code SELECT count(*) …}'s answer. */
        public long count(String sql) {
            return Long.parseLong(scalar(sql));
        }

        public void execute(String sql) {
            try (Connection connection = connect()) {
                connection.createStatement().execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    private record Server(String host, int port, String username, String password) {
        String adminUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/postgres";
        }
    }

    private static volatile Server server;

    private PostgresSupport() {
    }

    /** Creates an empty database named after its purpose, e.g. {@code catalog_it_3f2a…}. */
    public static Database freshDatabase(String purpose) {
        Server s = server();
        String name = (purpose + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(s.adminUrl(), s.username(), s.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new Database(s.host(), s.port(), name, s.username(), s.password());
    }

    private static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        String host = System.getenv().getOrDefault("TEST_POSTGRES_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("TEST_POSTGRES_PORT", "5432"));
        String user = System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("TEST_POSTGRES_PASSWORD", "");
        Server local = new Server(host, port, user, password);
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(local.adminUrl(), user, password)) {
            return local;
        } catch (SQLException unreachable) {
            if (dockerAvailable()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
                return new Server(container.getHost(), container.getFirstMappedPort(),
                        container.getUsername(), container.getPassword());
            }
            throw new IllegalStateException("""
                    Integration tests need a real PostgreSQL and found none:
                      - nothing answered at %s:%d as user %s (%s),
                      - and no Docker engine is available for Testcontainers.
                    Start PostgreSQL (e.g. apt-get install postgresql) or Docker, or point TEST_POSTGRES_HOST/PORT/USER/PASSWORD at a server."""
                    .formatted(host, port, user, unreachable.getMessage()));
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
