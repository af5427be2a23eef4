package fr.mecaformation.e2e;

import fr.mecaformation.testsupport.Waiting;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every Grafana panel's query, run against a real Prometheus that scrapes the running platform: Debian's
 * {@code prometheus} binary, started here with a generated scrape configuration and the committed rules
 * ({@code ops/prometheus/rules}, so panels built on recording rules are checked too). Each query must return at
 * least one series: a misspelt metric, a label no service sets or a rule that never records fails the test.
 * Grafana itself is not run (it can't be installed here); its dashboards are the JSON files under
 * {@code ops/grafana/dashboards}, read as Grafana reads them.
 */
final class DashboardQueries implements AutoCloseable {

    /** What Grafana substitutes in the queries: small windows, since the platform here has run for minutes only. */
    private static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "$__rate_interval", "1m", "$__interval", "15s", "$__range", "10m");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process prometheus;
    private final HttpServer relay;
    private final String baseUrl;
    private final Path logs;

    private DashboardQueries(Process prometheus, HttpServer relay, String baseUrl, Path logs) {
        this.prometheus = prometheus;
        this.relay = relay;
        this.baseUrl = baseUrl;
        this.logs = logs;
    }

    /**
     * Starts Prometheus scraping {@code targets} (job name → host:port of its actuator) every two seconds.
     * Fails, never skips, when the binary is missing: .ci/run installs it.
     */
    static DashboardQueries start(Path repository, Map<String, String> targets, Path logs) {
        Path binary = Path.of(System.getProperty("meca.prometheus.binary", "/usr/bin/prometheus"));
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("Prometheus is needed to check the dashboards: apt-get install prometheus (" + binary + ")");
        }
        try {
            Files.createDirectories(logs);
            HttpServer relay = textFormatRelay(targets);
            String relayAddress = "127.0.0.1:" + relay.getAddress().getPort();
            Path work = Files.createTempDirectory("meca-prometheus");
            StringBuilder config = new StringBuilder("""
                    global:
                      scrape_interval: 2s
                      evaluation_interval: 2s
                    rule_files:
                      - %s/*.yml
                    scrape_configs:
                    """.formatted(repository.resolve("ops/prometheus/rules")));
            targets.forEach((job, address) -> config.append("""
                      - job_name: %s
                        metrics_path: /%s/actuator/prometheus
                        static_configs:
                          - targets: ["%s"]
                    """.formatted(job, job, relayAddress)));
            Path configFile = work.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                    "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(logs.resolve("prometheus.log").toFile()).start();
            return new DashboardQueries(process, relay, "http://127.0.0.1:" + port, logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Debian 12's Prometheus (2.42) asks for OpenMetrics and then drops a whole scrape whose histogram {@code _count}
     * carries an exemplar ("metric name http_server_requests_seconds_count does not support exemplars"), which
     * Micrometer adds when tracing is on; Prometheus accepts them from 2.43. So here each scrape goes through this
     * relay, which asks the service for the classic text format (no exemplars, same series). Compose and
     * Kubernetes run Prometheus 2.55 and scrape the services directly.
     */
    private static HttpServer textFormatRelay(Map<String, String> targets) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String[] path = exchange.getRequestURI().getPath().split("/", 3);
            String address = path.length == 3 ? targets.get(path[1]) : null;
            try (exchange) {
                if (address == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                HttpResponse<byte[]> scraped = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + "/" + path[2]))
                        .header("Accept", "text/plain; version=0.0.4; charset=utf-8").timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().set("Content-Type", scraped.headers().firstValue("Content-Type").orElse("text/plain"));
                exchange.sendResponseHeaders(scraped.statusCode(), scraped.body().length);
                exchange.getResponseBody().write(scraped.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    /**
     * The whole check: Prometheus up against {@code targets}, every target scraped, every panel query answered with
     * data within a few scrapes and rule evaluations.
     */
    static void assertEveryPanelHasData(Path repository, Map<String, String> targets, Path logs) {
        Map<String, String> queries = panelQueries(repository.resolve("ops/grafana/dashboards"));
        if (queries.size() < 20) {
            throw new AssertionError("expected the dashboards' queries, found " + queries.size() + ": " + queries.keySet());
        }
        try (DashboardQueries prometheus = start(repository, targets, logs)) {
            prometheus.saveExpositions(targets);
            prometheus.awaitTargetsUp(targets, Duration.ofMinutes(1));
            Map<String, String> failed = prometheus.queriesWithoutData(queries, Duration.ofSeconds(90));
            if (!failed.isEmpty()) {
                StringBuilder report = new StringBuilder(failed.size() + " of " + queries.size()
                        + " panel queries returned no data (expositions saved in " + logs + "):");
                failed.forEach((name, answer) -> report.append("\n- ").append(name).append(": ").append(answer));
                throw new AssertionError(report.toString());
            }
        }
    }

    /** Waits until Prometheus has scraped every target successfully. */
    void awaitTargetsUp(Map<String, String> targets, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("Prometheus exited: see " + logs.resolve("prometheus.log"));
            }
            try {
                JsonNode active = get("/api/v1/targets?state=active").path("data").path("activeTargets");
                List<String> up = new ArrayList<>();
                for (JsonNode target : active) {
                    if ("up".equals(target.path("health").asString())) {
                        up.add(target.path("labels").path("job").asString());
                    }
                }
                last = active.toString();
                if (up.containsAll(targets.keySet())) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Waiting.pause(Duration.ofSeconds(1));
        }
        throw new AssertionError("targets not all up within " + timeout + ": " + last);
    }

    /** Saves what each target exposes, to read when a query fails (which metric names there really are). */
    void saveExpositions(Map<String, String> targets) {
        targets.forEach((job, address) -> {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://" + address + "/actuator/prometheus")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Files.writeString(logs.resolve("metrics-" + job + ".txt"), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        });
    }

    /** Every panel query of every dashboard, by "dashboard / panel / refId". */
    static Map<String, String> panelQueries(Path dashboards) {
        Map<String, String> queries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(Files.readString(file));
                collect(dashboard.path("title").asString(), dashboard.path("panels"), queries);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    private static void collect(String dashboard, JsonNode panels, Map<String, String> queries) {
        for (JsonNode panel : panels) {
            collect(dashboard, panel.path("panels"), queries); // rows hold their panels
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asString("");
                if (!expr.isBlank()) {
                    queries.put(dashboard + " / " + panel.path("title").asString() + " / " + target.path("refId").asString(), expr);
                }
            }
        }
    }

    /**
     * Runs each query until it returns data or {@code timeout} passes (rates need two samples, recording rules an
     * evaluation); answers the queries that never did, with Prometheus' answer.
     */
    Map<String, String> queriesWithoutData(Map<String, String> queries, Duration timeout) {
        Map<String, String> pending = new LinkedHashMap<>();
        queries.forEach((name, expr) -> pending.put(name, expr));
        Map<String, String> answers = new LinkedHashMap<>();
        Instant deadline = Instant.now().plus(timeout);
        while (!pending.isEmpty() && Instant.now().isBefore(deadline)) {
            for (var query : List.copyOf(pending.entrySet())) {
                String expr = substitute(query.getValue());
                try {
                    JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
                    if ("success".equals(answer.path("status").asString()) && !answer.path("data").path("result").isEmpty()) {
                        pending.remove(query.getKey());
                        answers.remove(query.getKey());
                    } else {
                        answers.put(query.getKey(), expr + " → " + answer);
                    }
                } catch (IOException e) {
                    answers.put(query.getKey(), expr + " → " + e);
                }
            }
            if (!pending.isEmpty()) {
                Waiting.pause(Duration.ofSeconds(1));
            }
        }
        Map<String, String> failed = new LinkedHashMap<>();
        pending.keySet().forEach(name -> failed.put(name, answers.get(name)));
        return failed;
    }

    static String substitute(String expr) {
        String result = expr;
        for (var variable : GRAFANA_VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        return result;
    }

    private JsonNode get(String path) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (RuntimeException unreadable) {
            throw new IOException(unreadable);
        }
    }

    @Override
    public void close() {
        prometheus.destroy();
        relay.stop(0);
    }
}
