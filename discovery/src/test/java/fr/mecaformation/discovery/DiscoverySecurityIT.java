package fr.mecaformation.discovery;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry as its clients see it over HTTP: nobody registers, renews or reads it without its credentials. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"EUREKA_USER=registre", "EUREKA_PASSWORD=secret-du-registre-de-test"})
class DiscoverySecurityIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String INSTANCE = """
            {"instance": {"instanceId": "intrus:9999", "hostName": "intrus.example", "app": "CATALOG-SERVICE",
             "ipAddr": "203.0.113.7", "status": "UP", "port": {"$": 9999, "@enabled": "true"},
             "dataCenterInfo": {"@class": "com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo", "name": "MyOwn"}}}""";

    @LocalServerPort
    int port;

    @Test
    void an_anonymous_registration_is_401_and_registers_nothing() throws Exception {
        String intruder = INSTANCE.replace("CATALOG-SERVICE", "INTRUS-ANONYME");
        assertThat(send("POST", "/eureka/apps/INTRUS-ANONYME", null, intruder).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/eureka/apps/INTRUS-ANONYME", basic("registre", "mauvais-mot-de-passe"), intruder)
                .statusCode()).isEqualTo(401);
        assertThat(send("GET", "/eureka/apps/INTRUS-ANONYME", basic("registre", "secret-du-registre-de-test"), null)
                .statusCode()).as("nothing was registered").isEqualTo(404);
        assertThat(send("GET", "/eureka/apps", null, null).statusCode()).as("reading the registry").isEqualTo(401);
        assertThat(send("DELETE", "/eureka/apps/CATALOG-SERVICE/intrus:9999", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_client_with_the_registry_credentials_registers_and_the_probes_stay_open() throws Exception {
        String credentials = basic("registre", "secret-du-registre-de-test");
        assertThat(register(credentials).statusCode()).isEqualTo(204);
        HttpResponse<String> app = send("GET", "/eureka/apps/CATALOG-SERVICE", credentials, null);
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("intrus:9999");
        assertThat(send("DELETE", "/eureka/apps/CATALOG-SERVICE/intrus:9999", credentials, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void without_credentials_configured_the_registry_does_not_start() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(DiscoveryApplication.class)
                .properties("server.port=0").run().close())
                .hasStackTraceContaining("EUREKA_PASSWORD");
        assertThatThrownBy(() -> new SpringApplicationBuilder(DiscoveryApplication.class)
                .properties("server.port=0", "EUREKA_USER=registre", "EUREKA_PASSWORD= ").run().close())
                .hasStackTraceContaining("EUREKA_PASSWORD");
    }

    private HttpResponse<String> register(String authorization) throws IOException, InterruptedException {
        return send("POST", "/eureka/apps/CATALOG-SERVICE", authorization, INSTANCE);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
