package fr.mecaformation.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of our services run from its executable jar as its own process, the way ./meca and production run it, for
 * end-to-end tests and benchmarks. Its output goes to target/e2e-logs/NAME.log.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logDirectory) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -DskipTests package)");
        }
        try {
            Files.createDirectories(logDirectory);
            Path log = logDirectory.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx320m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().putIfAbsent("MECA_LOG_FORMAT", "");
            Process process = builder.start();
            ServiceProcess service = new ServiceProcess(name, port, process, log);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Waits for Spring Boot's readiness probe; fails with the end of the service's log if it never comes. */
    public ServiceProcess awaitReady(Duration timeout) {
        return awaitReady(timeout, port);
    }

    /**
     * The same, for a service whose actuator listens on its own management port (the gateway:
     * {@code GATEWAY_MANAGEMENT_PORT}, so {@code /actuator/**} is never on its public port).
     */
    public ServiceProcess awaitReady(Duration timeout, int managementPort) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start-up:\n" + tail());
            }
            try {
                if (HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Waiting.pause(Duration.ofMillis(300));
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + tail());
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Asks the JVM for a thread dump (SIGQUIT), which it writes to its own output, this service's log: what a test
     * that waited in vain for this service needs to know (a consumer thread stuck on a record, a lock, a pool).
     */
    public void threadDump(String why) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Files.writeString(log, System.lineSeparator() + "=== thread dump asked by the test: " + why + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.APPEND);
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid())).start()
                    .waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // a diagnostic only: the test's own failure is what is reported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    public static int freePort() {
        try {
            return KeycloakSupport.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
