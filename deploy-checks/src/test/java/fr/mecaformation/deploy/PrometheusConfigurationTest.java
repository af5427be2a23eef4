package fr.mecaformation.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** ops/prometheus as Debian's promtool reads it: the scrape configurations, the rules and their unit tests. */
class PrometheusConfigurationTest {

    private static final Path PROMETHEUS = DeployTools.repository().resolve("ops/prometheus");

    private static Path promtool() {
        return DeployTools.require("promtool", "apt-get install prometheus");
    }

    @ParameterizedTest(name = "promtool check config {0}")
    @ValueSource(strings = {"prometheus-compose.yml", "prometheus-meca.yml"})
    void the_scrape_configuration_is_valid(String file) {
        DeployTools.Result result = DeployTools.run(List.of(promtool().toString(), "check", "config", file), PROMETHEUS,
                Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    /**
     * Debian builds Prometheus without Kubernetes service discovery (kubernetes_sd_configs is unknown to its
     * promtool), so the Kubernetes configuration is checked with that one block replaced by a static target: the
     * relabelling, regexes and the rest are still promtool's to judge.
     */
    @Test
    void the_kubernetes_scrape_configuration_is_valid_but_for_its_service_discovery() throws IOException {
        String configuration = Files.readString(PROMETHEUS.resolve("prometheus-kubernetes.yml"));
        assertThat(configuration).contains("kubernetes_sd_configs:");
        String checkable = configuration.replaceAll(
                "(?s)    kubernetes_sd_configs:\\n      - role: pod\\n        namespaces:\\n          names: \\[meca]\\n",
                "    static_configs:\n      - targets: [\"pod.meca:8080\"]\n")
                .replace("/etc/prometheus/rules/*.yml", PROMETHEUS.resolve("rules").toAbsolutePath() + "/*.yml");
        assertThat(checkable).doesNotContain("kubernetes_sd_configs");
        Path copy = DeployTools.output().resolve("prometheus-kubernetes-checkable.yml");
        Files.writeString(copy, checkable);

        DeployTools.Result result = DeployTools.run(List.of(promtool().toString(), "check", "config", copy.toString()),
                PROMETHEUS, Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("2 rule files found");
    }

    @Test
    void the_rules_are_valid_and_their_unit_tests_pass() {
        DeployTools.Result rules = DeployTools.run(List.of(promtool().toString(), "check", "rules",
                "rules/meca-recording.yml", "rules/meca-alerts.yml"), PROMETHEUS, Duration.ofSeconds(30));
        assertThat(rules.exitCode()).as(rules.output()).isZero();

        DeployTools.Result tests = DeployTools.run(List.of(promtool().toString(), "test", "rules", "tests/alerts-test.yml"),
                PROMETHEUS, Duration.ofSeconds(60));
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        assertThat(tests.output()).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_alert_has_a_unit_test_where_it_fires() throws IOException {
        Set<String> alerts = new TreeSet<>();
        Map<String, Object> rules = new Yaml().load(Files.readString(PROMETHEUS.resolve("rules/meca-alerts.yml")));
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.add((String) rule.get("alert"));
            }
        }
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        Map<String, Object> tests = new Yaml().load(Files.readString(PROMETHEUS.resolve("tests/alerts-test.yml")));
        for (Map<String, Object> test : (List<Map<String, Object>>) tests.get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", new ArrayList<>())) {
                boolean fires = !((List<Object>) check.get("exp_alerts")).isEmpty();
                (fires ? firing : silent).add((String) check.get("alertname"));
            }
        }

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        assertThat(firing).as("alerts with a test where they fire").containsAll(alerts);
        assertThat(silent).as("alerts with a test where they stay silent").containsAll(alerts);
    }

    /**
     * Every Grafana panel's query is PromQL that Prometheus parses, Grafana's interval variables replaced as Grafana
     * does: written as recording rules, which promtool parses. The e2e suite runs the queries of the services it
     * starts against their data; this catches a broken query on every dashboard, those of services it doesn't start too.
     */
    @Test
    void every_dashboard_query_is_promql_that_prometheus_parses() throws IOException {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        List<String> expressions = new ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.list(DeployTools.repository().resolve("ops/grafana/dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                collectExpressions(json.readTree(Files.readString(file)).path("panels"), expressions);
            }
        }
        assertThat(expressions).hasSizeGreaterThan(100);
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            String expression = expressions.get(i).replace("$__rate_interval", "1m").replace("$__interval", "15s")
                    .replace("$__range", "10m");
            rules.append("      - record: meca_dashboard_query:q").append(i).append("\n        expr: ")
                    .append(json.writeValueAsString(expression)).append('\n');
        }
        Path file = DeployTools.output().resolve("dashboard-queries.rules.yml");
        Files.writeString(file, rules);

        DeployTools.Result result = DeployTools.run(List.of(promtool().toString(), "check", "rules", file.toString()),
                PROMETHEUS, Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(expressions.size() + " rules found");
    }

    private static void collectExpressions(tools.jackson.databind.JsonNode panels, List<String> expressions) {
        for (tools.jackson.databind.JsonNode panel : panels) {
            collectExpressions(panel.path("panels"), expressions);
            for (tools.jackson.databind.JsonNode target : panel.path("targets")) {
                if (!target.path("expr").asString("").isBlank()) {
                    expressions.add(target.path("expr").asString());
                }
            }
        }
    }
}
