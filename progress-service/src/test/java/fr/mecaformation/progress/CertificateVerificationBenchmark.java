package fr.mecaformation.progress;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.OctetKeyPair;
import fr.mecaformation.events.progress.CourseCompleted;
import fr.mecaformation.progress.application.CertificateIssuance;
import fr.mecaformation.credentials.CertificateSigningKey;
import fr.mecaformation.credentials.MerkleLog;
import fr.mecaformation.testsupport.KafkaSupport;
import fr.mecaformation.testsupport.PostgresSupport;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anonymous certificate checks with 100,000 certificates in the log, against progress-service running on a real
 * port and a real PostgreSQL: {@code GET /api/progress/certificates/{id}} (signature, the inclusion proof from the
 * stored nodes, the head's signature, revocation) for random certificates, from 2 concurrent clients (one per core
 * of the CI machine; they run in the same JVM as the service). Not part of the
 * build (no *Test / *IT name): run it with benchmarks/certificate-verification.sh. Writes every latency (ms, one per
 * line) and a summary to benchmarks/recorded/ (committed: the raw results BENCHMARKS.md cites).
 * <p>
 * The first 99,999 certificates are bulk-loaded (signed with the service's key, with their leaves and tree nodes, as
 * appends would have written them); the 100,000th is issued through the service itself, which signs the head.
 */
class CertificateVerificationBenchmark {

    static final int CERTIFICATES = Integer.getInteger("bench.certificates", 100_000);
    static final int WARM_UP = Integer.getInteger("bench.warmup", 3_000);
    static final int REQUESTS = Integer.getInteger("bench.requests", 20_000);
    static final int CLIENTS = Integer.getInteger("bench.clients", 2);

    @Test
    void verification_with_a_hundred_thousand_certificates_in_the_log() throws Exception {
        PostgresSupport.Database database = PostgresSupport.freshDatabase("progress_service_bench");
        OctetKeyPair key = CertificateSigningKeyFixture.generate("meca-bench");
        try (ConfigurableApplicationContext service = start(database, key)) {
            List<UUID> ids = bulkLoad(database, key, CERTIFICATES - 1);
            UUID course = UUID.randomUUID();
            service.getBean(CertificateIssuance.class)
                    .issue(new CourseCompleted(UUID.randomUUID(), course, "Dernier certificat", 4, Instant.now()))
                    .block(Duration.ofSeconds(30));
            ids.add(UUID.fromString(database.scalar("SELECT certificate_id FROM certificate WHERE course_id = '" + course + "'")));
            assertThat(database.count("SELECT count(*) FROM certificate_log_leaf")).isEqualTo(CERTIFICATES);
            database.execute("ANALYZE");

            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // every certificate of the bench must verify: a fast wrong answer is no result
            for (UUID id : List.of(ids.get(0), ids.get(CERTIFICATES / 2), ids.get(CERTIFICATES - 1))) {
                assertThat(get(http, port, id).body()).contains("\"verdict\":\"VALIDE\"");
            }
            run(http, port, ids, WARM_UP);
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long started = System.nanoTime();
            double[] latencies = run(http, port, ids, REQUESTS);
            double seconds = (System.nanoTime() - started) / 1e9;
            // CPU the JVM spent per request (service and the in-process clients together): what the machine's load
            // can't change, unlike latencies on a shared machine
            double cpuMsPerRequest = (os.getProcessCpuTime() - cpuBefore) / 1e6 / latencies.length;
            report(latencies, seconds, loadBefore, Files.readString(Path.of("/proc/loadavg")).strip(), cpuMsPerRequest);
        }
    }

    private static double[] run(HttpClient http, int port, List<UUID> ids, int requests) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                Random random = new Random(client);
                int share = requests / CLIENTS;
                results.add(clients.submit(() -> {
                    double[] own = new double[share];
                    for (int i = 0; i < share; i++) {
                        UUID id = ids.get(random.nextInt(ids.size()));
                        long start = System.nanoTime();
                        HttpResponse<String> response = get(http, port, id);
                        own[i] = (System.nanoTime() - start) / 1e6;
                        if (response.statusCode() != 200 || !response.body().contains("\"verdict\":\"VALIDE\"")) {
                            throw new AssertionError("certificate " + id + ": " + response.statusCode() + " " + response.body());
                        }
                    }
                    return own;
                }));
            }
            List<double[]> all = new ArrayList<>();
            for (Future<double[]> result : results) {
                all.add(result.get());
            }
            return all.stream().flatMapToDouble(Arrays::stream).toArray();
        } finally {
            clients.shutdownNow();
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, UUID id) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/progress/certificates/" + id))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void report(double[] latencies, double seconds, String loadBefore, String loadAfter,
                               double cpuMsPerRequest) throws Exception {
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        String summary = String.format(java.util.Locale.ROOT,
                "certificate status/verification, %d certificates in the log, %d requests, %d clients, %s%n"
                        + "throughput %.0f req/s; latency ms: p50 %.2f, p90 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n"
                        + "JVM CPU per request (service + clients): %.2f ms%n"
                        + "machine load (/proc/loadavg) before: %s, after: %s%n",
                CERTIFICATES, sorted.length, CLIENTS, Instant.now(), sorted.length / seconds, percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), percentile(sorted, 99.9), sorted[sorted.length - 1],
                cpuMsPerRequest, loadBefore, loadAfter);
        System.out.print(summary);
        Path results = Path.of(System.getProperty("bench.results", "../benchmarks/recorded"));
        Files.createDirectories(results);
        String name = "certificate-verification-" + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm")
                .withZone(java.time.ZoneOffset.UTC).format(Instant.now());
        Files.writeString(results.resolve(name + ".txt"), summary);
        StringBuilder raw = new StringBuilder("latency_ms\n");
        for (double latency : latencies) {
            raw.append(String.format(java.util.Locale.ROOT, "%.3f%n", latency));
        }
        Files.writeString(results.resolve(name + "-latencies.csv"), raw);
        assertThat(percentile(sorted, 99)).as("p99 (ms)").isLessThan(20);
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    /** What 'count' appends would have written: certificates, leaves, tree nodes and the log's right edge. */
    private static List<UUID> bulkLoad(PostgresSupport.Database database, OctetKeyPair key, int count) throws Exception {
        Ed25519Signer signer = new Ed25519Signer(key);
        HexFormat hex = HexFormat.of();
        StringBuilder certificates = new StringBuilder();
        StringBuilder leaves = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        List<UUID> ids = new ArrayList<>(count + 1);
        MerkleLog.Frontier frontier = MerkleLog.Frontier.empty();
        Instant at = Instant.parse("2026-01-05T09:00:00Z");
        for (int index = 0; index < count; index++) {
            UUID id = UUID.randomUUID();
            UUID learner = UUID.randomUUID();
            UUID course = UUID.randomUUID();
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("@context", List.of("https://www.w3.org/ns/credentials/v2"));
            claims.put("id", "urn:uuid:" + id);
            claims.put("type", List.of("VerifiableCredential", "OpenBadgeCredential"));
            claims.put("issuer", Map.of("name", "MécaFormation"));
            claims.put("validFrom", at.toString());
            claims.put("credentialSubject", Map.of("id", "urn:uuid:" + learner,
                    "achievement", Map.of("name", "Formation " + index)));
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).keyID(key.getKeyID())
                    .type(CertificateSigningKey.CREDENTIAL_TYPE).build(), new Payload(claims));
            jws.sign(signer);
            String compact = jws.serialize();
            byte[] hash = MerkleLog.sha256(compact.getBytes(StandardCharsets.US_ASCII));
            byte[] leaf = MerkleLog.leafHash(hash);
            certificates.append(id).append(',').append(learner).append(',').append(course).append(",Formation ").append(index)
                    .append(",Apprenti ").append(index).append(',').append(compact).append(",\\x").append(hex.formatHex(hash))
                    .append(',').append(index).append(',').append(at).append(',').append(at).append('\n');
            leaves.append(index).append(',').append(id).append(",\\x").append(hex.formatHex(leaf)).append(',').append(at).append('\n');
            for (MerkleLog.Node node : frontier.completedBy(leaf)) {
                nodes.append(node.height()).append(',').append(node.index()).append(",\\x").append(hex.formatHex(node.hash())).append('\n');
            }
            frontier = frontier.append(leaf);
            ids.add(id);
        }
        byte[] packed = new byte[frontier.byHeight().size() * MerkleLog.HASH_LENGTH];
        for (int height = 0; height < frontier.byHeight().size(); height++) {
            byte[] node = frontier.byHeight().get(height);
            if (node.length == MerkleLog.HASH_LENGTH) {
                System.arraycopy(node, 0, packed, height * MerkleLog.HASH_LENGTH, MerkleLog.HASH_LENGTH);
            }
        }
        try (Connection connection = database.connect()) {
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY certificate (certificate_id, learner_id, course_id, course_title, holder_name, credential_jws,"
                    + " credential_hash, log_index, completed_at, issued_at) FROM STDIN (FORMAT csv)", new StringReader(certificates.toString()));
            copy.copyIn("COPY certificate_log_leaf (leaf_index, certificate_id, leaf_hash, appended_at) FROM STDIN (FORMAT csv)",
                    new StringReader(leaves.toString()));
            copy.copyIn("COPY certificate_log_node (height, node_index, hash) FROM STDIN (FORMAT csv)", new StringReader(nodes.toString()));
            try (var update = connection.prepareStatement("UPDATE certificate_log_state SET size = ?, frontier = ? WHERE singleton")) {
                update.setLong(1, frontier.size());
                update.setBytes(2, packed);
                update.executeUpdate();
            }
        }
        return ids;
    }

    private static ConfigurableApplicationContext start(PostgresSupport.Database database, OctetKeyPair key) {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.r2dbc.url", database.r2dbcUrl()),
                Map.entry("spring.r2dbc.username", database.username()),
                Map.entry("spring.r2dbc.password", database.password()),
                Map.entry("spring.flyway.url", database.jdbcUrl()),
                Map.entry("spring.flyway.user", database.username()),
                Map.entry("spring.flyway.password", database.password()),
                Map.entry("spring.kafka.bootstrap-servers", KafkaSupport.bootstrapServers()),
                Map.entry("eureka.client.enabled", "false"),
                Map.entry("logging.structured.format.console", ""),
                Map.entry("logging.level.root", "WARN"),
                Map.entry("meca.playback-grant.key", Base64.getEncoder().encodeToString(new byte[32])),
                Map.entry("meca.progress.certificates.signing-key", key.toJSONString()));
        return new SpringApplicationBuilder(ProgressServiceApplication.class).web(WebApplicationType.REACTIVE)
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new));
    }
}
