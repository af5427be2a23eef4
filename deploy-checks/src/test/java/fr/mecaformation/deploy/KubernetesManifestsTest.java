package fr.mecaformation.deploy;

import fr.mecaformation.events.EventCatalog;
import fr.mecaformation.events.EventDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay rendered by kustomize (kubectl from the npm package), every object validated against the Kubernetes
 * API schemas (npm kubernetes-models; CloudNativePG's from @kubernetes-models/cloudnative-pg), then our own rules.
 * Strimzi's and the Keycloak operator's resources have no schema package: they are checked by the rules below only.
 * No API server runs here, so nothing is applied.
 */
class KubernetesManifestsTest {

    /** Domain prefix of the topics each service owns (ARCHITECTURE.md's table, each service's OwnedTopics). */
    private static final Map<String, String> TOPIC_OWNERS = Map.of("catalog-service", "catalog.", "auth-service", "identity.",
            "payment-service", "payment.", "progress-service", "progress.", "gamification-service", "gamification.", "booking-service", "booking.");
    private static final Set<String> UNMODELLED = Set.of("kafka.strimzi.io/v1beta2 Kafka", "kafka.strimzi.io/v1beta2 KafkaNodePool",
            "kafka.strimzi.io/v1beta2 KafkaTopic", "kafka.strimzi.io/v1beta2 KafkaUser", "k8s.keycloak.org/v2alpha1 Keycloak",
            "k8s.keycloak.org/v2alpha1 KeycloakRealmImport");
    private static final Map<String, List<Map<String, Object>>> RENDERED = new ConcurrentHashMap<>();

    static List<Map<String, Object>> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> {
            Path kubectl = DeployTools.kubectl();
            DeployTools.Result result = DeployTools.run(List.of(kubectl.toString(), "kustomize", "k8s/overlays/" + name),
                    DeployTools.repository(), Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.output()).isZero();
            try {
                Files.writeString(DeployTools.output().resolve(name + ".yaml"), result.output());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Map<String, Object>> objects = new ArrayList<>();
            new Yaml(new LoaderOptions()).loadAll(result.output()).forEach(o -> objects.add(map(o)));
            return objects;
        });
    }

    @ParameterizedTest(name = "{0}: every object valid against its API schema")
    @ValueSource(strings = {"dev", "prod"})
    void every_rendered_object_validates_against_its_schema(String overlay) throws IOException {
        List<Map<String, Object>> objects = rendered(overlay);
        Path node = DeployTools.require("node", "apt-get install nodejs");
        Path modules = DeployTools.nodeModules();
        Path json = DeployTools.output().resolve(overlay + ".json");
        Files.writeString(json, JsonMapper.builder().build().writeValueAsString(objects.stream().map(KubernetesManifestsTest::unwrapped).toList()));

        DeployTools.Result result = DeployTools.run(List.of(node.toString(),
                DeployTools.repository().resolve("deploy-checks/src/test/node/validate-manifests.mjs").toString(),
                modules.toString(), json.toString()), DeployTools.repository(), Duration.ofSeconds(60));

        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = result.output().lines().toList();
        assertThat(lines).as("one verdict per object").hasSize(objects.size());
        assertThat(lines).filteredOn(l -> l.startsWith("invalid")).isEmpty();
        // "unmodelled <apiVersion> <Kind>/<name>": only the operators' kinds may lack a schema package
        Set<String> unmodelled = lines.stream().filter(l -> l.startsWith("unmodelled ")).map(l -> l.split(" "))
                .map(parts -> parts[1] + " " + parts[2].substring(0, parts[2].indexOf('/')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(UNMODELLED).containsAll(unmodelled);
        assertThat(lines).filteredOn(l -> l.startsWith("valid ")).hasSizeGreaterThan(40);
    }

    @ParameterizedTest(name = "{0}: hardened pods")
    @ValueSource(strings = {"dev", "prod"})
    void every_deployment_is_hardened_probed_limited_and_pinned(String overlay) {
        List<Map<String, Object>> deployments = ofKind(rendered(overlay), "Deployment");
        assertThat(deployments).extracting(KubernetesManifestsTest::name)
                .contains("gateway", "catalog-service", "auth-service", "payment-service", "progress-service",
                        "gamification-service", "booking-service", "redis");
        for (Map<String, Object> deployment : deployments) {
            String name = name(deployment);
            Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
            assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name + " runAsNonRoot").isEqualTo(true);
            assertThat(pod.get("automountServiceAccountToken")).as(name + " mounts no API token").isEqualTo(false);
            Set<String> emptyDirs = list(pod.get("volumes")).stream().map(KubernetesManifestsTest::map)
                    .filter(v -> v.containsKey("emptyDir")).map(v -> (String) v.get("name")).collect(Collectors.toSet());
            for (Object c : list(pod.get("containers"))) {
                Map<String, Object> container = map(c);
                String where = name + "/" + container.get("name");
                String image = (String) container.get("image");
                assertThat(image).as(where + " image tag").matches(".+:[^:/]+$").doesNotEndWith(":latest");
                if (overlay.equals("prod")) {
                    assertThat(image).as(where + ": prod runs released images").doesNotContain("SNAPSHOT");
                }
                for (String kind : List.of("requests", "limits")) {
                    assertThat(map(at(container, "resources", kind))).as(where + " " + kind).containsKeys("cpu", "memory");
                }
                assertThat(container).as(where + " probes").containsKeys("readinessProbe", "livenessProbe");
                Map<String, Object> security = map(container.get("securityContext"));
                assertThat(security.get("readOnlyRootFilesystem")).as(where + " read-only root").isEqualTo(true);
                assertThat(security.get("allowPrivilegeEscalation")).as(where + " no escalation").isEqualTo(false);
                assertThat(list(at(security, "capabilities", "drop"))).as(where + " drops capabilities").contains("ALL");
                List<String> tmpMounts = list(container.get("volumeMounts")).stream().map(KubernetesManifestsTest::map)
                        .filter(m -> "/tmp".equals(m.get("mountPath"))).map(m -> (String) m.get("name")).toList();
                assertThat(tmpMounts).as(where + ": /tmp is a writable emptyDir").hasSize(1);
                assertThat(emptyDirs).as(where).contains(tmpMounts.get(0));
            }
        }
    }

    @ParameterizedTest(name = "{0}: probes where the actuator is")
    @ValueSource(strings = {"dev", "prod"})
    void probes_ask_the_actuator_on_its_port_the_gateways_on_its_management_port(String overlay) {
        for (Map<String, Object> deployment : ofKind(rendered(overlay), "Deployment")) {
            if (name(deployment).equals("redis")) {
                continue;
            }
            Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec", "containers")).get(0));
            String expectedPort = name(deployment).equals("gateway") ? "management" : "http";
            assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(at(container, "readinessProbe", "httpGet", "port")).as(name(deployment)).isEqualTo(expectedPort);
            Map<String, Object> ports = list(container.get("ports")).stream().map(KubernetesManifestsTest::map)
                    .collect(Collectors.toMap(p -> (String) p.get("name"), p -> p.get("containerPort")));
            assertThat(ports).as(name(deployment)).containsEntry(expectedPort, name(deployment).equals("gateway") ? 9080 : 8080);
        }
    }

    @ParameterizedTest(name = "{0}: disruption budgets, autoscalers, one public entry")
    @ValueSource(strings = {"dev", "prod"})
    void every_deployment_has_a_disruption_budget_the_hot_ones_autoscale_and_only_the_gateway_is_published(String overlay) {
        List<Map<String, Object>> objects = rendered(overlay);
        Set<String> budgeted = ofKind(objects, "PodDisruptionBudget").stream()
                .map(pdb -> (String) at(pdb, "spec", "selector", "matchLabels", "app.kubernetes.io/name")).collect(Collectors.toSet());
        assertThat(budgeted).containsAll(ofKind(objects, "Deployment").stream().map(KubernetesManifestsTest::name).toList());
        assertThat(ofKind(objects, "HorizontalPodAutoscaler")).extracting(h -> at(h, "spec", "scaleTargetRef", "name"))
                .containsExactlyInAnyOrder("gateway", "progress-service");
        List<Map<String, Object>> ingresses = ofKind(objects, "Ingress");
        assertThat(ingresses).hasSize(1);
        for (Object rule : list(at(ingresses.get(0), "spec", "rules"))) {
            for (Object path : list(at(map(rule), "http", "paths"))) {
                assertThat(at(map(path), "backend", "service", "name")).isEqualTo("gateway");
            }
        }
        assertThat(ofKind(objects, "Service")).noneMatch(s -> Objects.equals(at(s, "spec", "type"), "LoadBalancer")
                || Objects.equals(at(s, "spec", "type"), "NodePort"));
    }

    @ParameterizedTest(name = "{0}: default deny, each database only from its service")
    @ValueSource(strings = {"dev", "prod"})
    void network_policies_deny_by_default_and_open_each_database_to_its_service_only(String overlay) {
        List<Map<String, Object>> policies = ofKind(rendered(overlay), "NetworkPolicy");
        assertThat(policies).anySatisfy(p -> {
            assertThat(map(at(p, "spec", "podSelector"))).isEmpty();
            assertThat(list(at(p, "spec", "policyTypes"))).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(map(p.get("spec"))).doesNotContainKeys("ingress", "egress");
        });
        Map<String, String> databaseClients = Map.of("catalog-db", "catalog-service", "auth-db", "auth-service",
                "payment-db", "payment-service", "progress-db", "progress-service", "gamification-db", "gamification-service", "booking-db", "booking-service");
        databaseClients.forEach((database, service) -> {
            List<Map<String, Object>> selecting = policies.stream()
                    .filter(p -> database.equals(at(p, "spec", "podSelector", "matchLabels", "cnpg.io/cluster"))).toList();
            assertThat(selecting).as(database).hasSize(1);
            Set<Object> applications = new TreeSet<>();
            for (Object rule : list(at(selecting.get(0), "spec", "ingress"))) {
                for (Object peer : list(map(rule).get("from"))) {
                    Object application = at(map(peer), "podSelector", "matchLabels", "app.kubernetes.io/name");
                    if (application != null) {
                        applications.add(application);
                    }
                }
            }
            assertThat(applications).as(database + " reachable from").containsExactly(service);
            // and no other policy lets another service's pods egress to this database
            policies.stream().filter(p -> !Objects.equals(at(p, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"), service))
                    .filter(p -> !database.equals(at(p, "spec", "podSelector", "matchLabels", "cnpg.io/cluster")))
                    .forEach(p -> assertThat(String.valueOf(at(p, "spec", "egress"))).as(name(p)).doesNotContain("cnpg.io/cluster=" + database));
        });
        // from outside the namespace: the ingress controller reaches the gateway and Keycloak (login) only
        for (Map<String, Object> policy : policies) {
            if (String.valueOf(at(policy, "spec", "ingress")).contains("ingress-nginx")) {
                Object selected = at(policy, "spec", "podSelector", "matchLabels");
                assertThat(String.valueOf(selected)).as(name(policy)).matches(".*(app\\.kubernetes\\.io/name=gateway|app=keycloak).*");
            }
        }
    }

    @ParameterizedTest(name = "{0}: topics and per-service ACLs")
    @ValueSource(strings = {"dev", "prod"})
    void every_contract_topic_exists_and_a_service_writes_only_the_topics_it_owns(String overlay) {
        List<Map<String, Object>> objects = rendered(overlay);
        Set<String> topics = ofKind(objects, "KafkaTopic").stream().map(t -> (String) at(t, "spec", "topicName"))
                .collect(Collectors.toSet());
        assertThat(topics).containsAll(EventCatalog.all().stream().map(EventDescriptor::topic).collect(Collectors.toSet()));

        List<Map<String, Object>> users = ofKind(objects, "KafkaUser");
        assertThat(users).extracting(KubernetesManifestsTest::name).containsExactlyInAnyOrderElementsOf(TOPIC_OWNERS.keySet());
        for (Map<String, Object> user : users) {
            String service = name(user);
            assertThat(at(user, "spec", "authentication", "type")).isEqualTo("scram-sha-512");
            for (Object a : list(at(user, "spec", "authorization", "acls"))) {
                Map<String, Object> acl = map(a);
                List<Object> operations = list(acl.get("operations"));
                Map<String, Object> resource = map(acl.get("resource"));
                assertThat(operations).as(service).doesNotContain("All", "Alter", "Delete", "AlterConfigs", "Create");
                if (!"topic".equals(resource.get("type"))) {
                    continue;
                }
                String topic = (String) resource.get("name");
                assertThat(resource.get("patternType")).as(service + " " + topic).isEqualTo("literal");
                assertThat(topics).as(service + " ACL on a declared topic").contains(topic);
                if (operations.contains("Write")) {
                    assertThat(topic.startsWith(TOPIC_OWNERS.get(service)) || topic.endsWith(".dlt"))
                            .as(service + " may write " + topic).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: the production realm")
    @ValueSource(strings = {"dev", "prod"})
    @SuppressWarnings("unchecked")
    void keycloak_imports_a_realm_without_demo_users_password_grants_or_committed_secrets(String overlay) {
        List<Map<String, Object>> imports = ofKind(rendered(overlay), "KeycloakRealmImport");
        assertThat(imports).hasSize(1);
        Map<String, Object> spec = map(imports.get(0).get("spec"));
        Map<String, Object> realm = map(spec.get("realm"));
        assertThat(list(realm.get("users"))).allSatisfy(u -> assertThat(map(u)).containsKey("serviceAccountClientId"));
        for (Object c : list(realm.get("clients"))) {
            Map<String, Object> client = map(c);
            assertThat(client.get("clientId")).isNotEqualTo("meca-cli");
            assertThat(client.get("directAccessGrantsEnabled")).as((String) client.get("clientId")).isNotEqualTo(true);
            if (client.containsKey("secret")) {
                String secret = (String) client.get("secret");
                assertThat(secret).as("secret of " + client.get("clientId")).matches("\\$\\{[A-Z_]+}");
                assertThat(map(spec.get("placeholders"))).containsKey(secret.substring(2, secret.length() - 1));
            }
            assertThat(String.valueOf(client.get("redirectUris"))).doesNotContain("localhost:8080");
        }
    }

    @ParameterizedTest(name = "{0}: secrets")
    @ValueSource(strings = {"prod"})
    void prod_commits_no_secret_value(String overlay) {
        for (Map<String, Object> object : rendered(overlay)) {
            if ("Secret".equals(object.get("kind"))) {
                assertThat(map(object)).as(name(object)).doesNotContainKeys("data", "stringData");
            }
            assertThat(String.valueOf(object)).as(name(object)).doesNotContain("sk_test_", "sk_live_", "whsec_", "\"d\":");
        }
    }

    /**
     * kustomize wraps long base64 Secret values over several lines; the API server's decoder (Go's base64) ignores
     * the line breaks, the schema's "byte" format does not: compare what the server will read.
     */
    private static Map<String, Object> unwrapped(Map<String, Object> object) {
        if (!"Secret".equals(object.get("kind")) || !(object.get("data") instanceof Map<?, ?> data)) {
            return object;
        }
        Map<String, Object> copy = new java.util.LinkedHashMap<>(object);
        Map<String, Object> joined = new java.util.LinkedHashMap<>();
        data.forEach((key, value) -> joined.put((String) key, ((String) value).replace("\n", "")));
        copy.put("data", joined);
        return copy;
    }

    // --- reading the rendered objects ---------------------------------------------------------------------------

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    static String name(Map<String, Object> object) {
        return (String) at(object, "metadata", "name");
    }

    static Object at(Object root, String... path) {
        Object current = root;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
