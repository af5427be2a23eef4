package fr.mecaformation.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards as files (Grafana itself can't run here): well-formed, each on the provisioned Prometheus
 * data source, every panel with a query, and provisioned by compose. Whether each query returns data is proven
 * against the running platform by the e2e suite (DashboardQueries).
 */
class DashboardsTest {

    private static final Path GRAFANA = DeployTools.repository().resolve("ops/grafana");

    @Test
    void every_dashboard_is_well_formed_and_every_panel_queries_the_provisioned_prometheus() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        Set<String> uids = new HashSet<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(GRAFANA.resolve("dashboards"))) {
            files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("platform-overview.json", "kafka-outbox.json",
                "business.json", "red-gateway.json", "red-catalog-service.json", "red-auth-service.json",
                "red-payment-service.json", "red-progress-service.json", "red-gamification-service.json", "red-booking-service.json");
        for (Path file : files) {
            JsonNode dashboard = json.readTree(Files.readString(file));
            assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid unique").isTrue();
            assertThat(dashboard.path("panels").isEmpty()).as(file + " has panels").isFalse();
            for (JsonNode panel : dashboard.path("panels")) {
                String where = file.getFileName() + " / " + panel.path("title").asString();
                assertThat(panel.path("datasource").path("uid").asString()).as(where).isEqualTo("prometheus");
                assertThat(panel.path("targets").isEmpty()).as(where + " has a query").isFalse();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asString("")).as(where).isNotBlank();
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void compose_provisions_the_data_source_and_the_dashboards() throws IOException {
        Map<String, Object> datasources = new Yaml().load(Files.readString(GRAFANA.resolve("provisioning/datasources/prometheus.yml")));
        assertThat((List<Map<String, Object>>) datasources.get("datasources"))
                .anySatisfy(d -> assertThat(d).containsEntry("uid", "prometheus").containsEntry("url", "http://prometheus:9090"));
        String providers = Files.readString(GRAFANA.resolve("provisioning/dashboards/meca.yml"));
        assertThat(providers).contains("path: /var/lib/grafana/dashboards");
        String compose = Files.readString(DeployTools.repository().resolve("docker-compose.yml"));
        assertThat(compose).contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro",
                "./ops/grafana/dashboards:/var/lib/grafana/dashboards:ro");
    }
}
