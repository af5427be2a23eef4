package fr.mecaformation.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docker-compose.yml as Debian's docker-compose 1.29 reads it, with the documented .env.example. */
class ComposeFileTest {

    private static final Path REPOSITORY = DeployTools.repository();

    @Test
    void debians_docker_compose_accepts_the_file_with_the_example_environment() {
        Path compose = DeployTools.require("docker-compose", "apt-get install docker-compose");

        DeployTools.Result result = DeployTools.run(List.of(compose.toString(), "--env-file", ".env.example",
                "-f", "docker-compose.yml", "config", "-q"), REPOSITORY, Duration.ofSeconds(30));

        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void every_dependency_waits_for_a_health_check_and_every_image_is_pinned() {
        Path compose = DeployTools.require("docker-compose", "apt-get install docker-compose");
        DeployTools.Result resolved = DeployTools.run(List.of(compose.toString(), "--env-file", ".env.example",
                "-f", "docker-compose.yml", "config"), REPOSITORY, Duration.ofSeconds(30));
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        Map<String, Object> file = new Yaml().load(resolved.output());
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) file.get("services");

        assertThat(services).containsKeys("postgres", "redis", "kafka", "keycloak", "prometheus", "grafana", "mail",
                "discovery", "gateway", "catalog-service", "auth-service", "payment-service", "progress-service",
                "gamification-service", "booking-service");
        services.forEach((name, service) -> {
            assertThat((String) service.get("image")).as(name + "'s image").contains(":").doesNotEndWith(":latest");
            Object dependencies = service.get("depends_on");
            if (dependencies != null) {
                ((Map<String, Map<String, Object>>) dependencies).forEach((dependency, condition) -> {
                    assertThat(condition).as(name + " → " + dependency).containsEntry("condition", "service_healthy");
                    assertThat(services.get(dependency)).as(dependency + " has a health check").containsKey("healthcheck");
                });
            }
        });
    }

    @Test
    void secrets_come_from_an_uncommitted_env_file_whose_example_names_every_one() throws IOException {
        String compose = Files.readString(REPOSITORY.resolve("docker-compose.yml"));
        assertThat(compose).doesNotContainPattern("(?m)^name:");
        Set<String> required = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?").matcher(compose);
        while (variable.find()) {
            required.add(variable.group(1));
        }
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(REPOSITORY.resolve(".env.example"))) {
            if (line.matches("[A-Z0-9_]+=.*")) {
                documented.add(line.substring(0, line.indexOf('=')));
            }
        }

        assertThat(required).isNotEmpty();
        assertThat(documented).containsAll(required);
        assertThat(Files.readAllLines(REPOSITORY.resolve(".gitignore"))).contains(".env");
    }
}
