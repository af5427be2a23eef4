package fr.mecaformation.testsupport;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keycloak started from its own distribution (unpacked by the infra/keycloak module from Maven Central) with the
 * committed realm imported, once per test JVM, on free ports, with a throw-away database. The realm's mail
 * (verification, password reset) goes to the test JVM's SMTP server, {@link MailSupport#shared()}.
 */
public final class KeycloakSupport {

    public static final String REALM = "meca";
    public static final String CLI_CLIENT = "meca-cli";
    /** The meca-services service account's secret in the committed development realm (auth-service needs it). */
    public static final String SERVICES_CLIENT_SECRET = "meca-services-dev-secret";
    public static final String DEMO_PASSWORD = "demo";
    public static final String ADMIN = "admin@meca.demo";
    public static final String TRAINER = "formateur@meca.demo";
    public static final String STUDENT = "apprenti@meca.demo";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile KeycloakSupport shared;
    /** A demo account of the committed realm, signed in once at start-up to warm Keycloak's login path. */
    private static final String WARM_UP_USER = "apprenti@meca.demo";

    private final int port;
    private final Process process;
    private TokenForge forge;

    private KeycloakSupport(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static synchronized KeycloakSupport shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** The same server through another host name: Keycloak then issues tokens naming another issuer. */
    public String baseUrlThroughLoopbackAddress() {
        return "http://127.0.0.1:" + port;
    }

    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String jwkSetUri() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /** A token for a demo user through the direct-grant CLI client, as a script would get one. */
    public String accessToken(String username) {
        return accessToken(baseUrl(), CLI_CLIENT, username);
    }

    /**
     * A real token obtained through another address of the same server: Keycloak derives the issuer from the
     * request, so this token is correctly signed but names an issuer the platform does not trust.
     */
    public String accessTokenIssuedAt(String base, String client, String username) {
        return accessToken(base, client, username);
    }

    private String accessToken(String base, String client, String username) {
        JsonNode body = passwordGrant(base, client, username, DEMO_PASSWORD);
        if (!body.has("access_token")) {
            throw new IllegalStateException("Keycloak refused a token for " + username + ": " + body);
        }
        return body.get("access_token").asString();
    }

    /** Keycloak's answer to a sign-in with the CLI client: a token, or the error saying why not. */
    public JsonNode passwordGrant(String username, String password) {
        return passwordGrant(baseUrl(), CLI_CLIENT, username, password);
    }

    private JsonNode passwordGrant(String base, String client, String username, String password) {
        String form = form(Map.of("grant_type", "password", "client_id", client, "username", username,
                "password", password, "scope", "openid"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/realms/" + REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return JSON.readTree(send(request).body());
    }

    /** Keycloak's answer to a client-credentials request: how a partner's server signs in. */
    public JsonNode clientCredentialsGrant(String clientId, String clientSecret) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials",
                        "client_id", clientId, "client_secret", clientSecret))))
                .build();
        return JSON.readTree(send(request).body());
    }

    /** A partner's client-credentials client, as auth-service's IdentityProvider makes it. */
    public record PartnerClient(String clientId, String secret, String serviceAccountId) {

        /** A fresh access token of the partner (client credentials), as the partner's server asks for one. */
        public String accessToken() {
            JsonNode body = shared().clientCredentialsGrant(clientId, secret);
            if (!body.has("access_token")) {
                throw new IllegalStateException("Keycloak refused a token to " + clientId + ": " + body);
            }
            return body.get("access_token").asString();
        }
    }

    /**
     * Makes a partner company's client the way auth-service does ({@code POST /api/auth/admin/partners}): confidential,
     * client credentials only, the platform audience ({@code meca-api}) and the {@code partner} realm role on its
     * service account; for services other than auth-service to be called with a real partner token.
     */
    public PartnerClient partnerClient(String clientId) {
        String admin = adminToken();
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                "clientAuthenticatorType", "client-secret", "protocol", "openid-connect", "standardFlowEnabled", false,
                "implicitFlowEnabled", false, "directAccessGrantsEnabled", false, "serviceAccountsEnabled", true,
                "protocolMappers", List.of(Map.of("name", "meca-api-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.custom.audience", "meca-api",
                                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"))));
        HttpResponse<String> created = send(authorized(admin, "/admin/realms/" + REALM + "/clients")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("Keycloak refused the client " + clientId + ": " + created.statusCode() + " " + created.body());
        }
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String secret = JSON.readTree(send(authorized(admin, "/admin/realms/" + REALM + "/clients/" + id + "/client-secret")
                .GET().build()).body()).get("value").asString();
        String serviceAccount = JSON.readTree(send(authorized(admin, "/admin/realms/" + REALM + "/clients/" + id
                + "/service-account-user").GET().build()).body()).get("id").asString();
        String role = send(authorized(admin, "/admin/realms/" + REALM + "/roles/partner").GET().build()).body();
        HttpResponse<String> granted = send(authorized(admin, "/admin/realms/" + REALM + "/users/" + serviceAccount
                + "/role-mappings/realm").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + role + "]")).build());
        if (granted.statusCode() != 204) {
            throw new IllegalStateException("Keycloak refused the partner role to " + clientId + ": " + granted.statusCode());
        }
        return new PartnerClient(clientId, secret, serviceAccount);
    }

    /** What following the link of the verification e-mail does: the account may sign in from then on. */
    public void markEmailVerified(String userId) {
        HttpRequest request = authorized(adminToken(), "/admin/realms/" + REALM + "/users/" + userId)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"emailVerified\":true,\"requiredActions\":[]}"))
                .build();
        int status = send(request).statusCode();
        if (status != 204) {
            throw new IllegalStateException("Keycloak answered " + status + " to verifying the e-mail of " + userId);
        }
    }

    /**
     * What an administrator (or the "forgot password" page) does for a person: Keycloak e-mails them a link to choose
     * a new password (its execute-actions e-mail with UPDATE_PASSWORD).
     */
    public void sendPasswordResetEmail(String userId) {
        HttpRequest request = authorized(adminToken(), "/admin/realms/" + REALM + "/users/" + userId
                + "/execute-actions-email?client_id=meca-web")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("[\"UPDATE_PASSWORD\"]"))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Keycloak answered " + response.statusCode() + " to the password-reset e-mail of "
                    + userId + ": " + response.body());
        }
    }

    /**
     * Runs {@code action} while the realm's SMTP server is a port nobody listens on (connection refused, as when the
     * mail server is down), then gives the realm its mail server back.
     */
    public synchronized <T> T withMailServerUnreachable(java.util.function.Supplier<T> action) {
        String admin = adminToken();
        @SuppressWarnings("unchecked")
        Map<String, Object> realm = JSON.readValue(send(authorized(admin, "/admin/realms/" + REALM).GET().build()).body(), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> smtp = (Map<String, Object>) realm.get("smtpServer");
        Map<String, Object> unreachable = new java.util.HashMap<>(smtp);
        try {
            unreachable.put("port", Integer.toString(freePort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        updateRealm(admin, Map.of("smtpServer", unreachable));
        try {
            return action.get();
        } finally {
            updateRealm(adminToken(), Map.of("smtpServer", smtp));
        }
    }

    private void updateRealm(String admin, Map<String, Object> changes) {
        HttpResponse<String> response = send(authorized(admin, "/admin/realms/" + REALM)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(changes))).build());
        if (response.statusCode() != 204) {
            throw new IllegalStateException("Keycloak refused the realm change: " + response.statusCode() + " " + response.body());
        }
    }

    /** The start of every link Keycloak e-mails (verification, password reset): its action tokens. */
    public String actionLinkPrefix() {
        return issuer() + "/login-actions/action-token";
    }

    /** How many accounts of the realm have this exact username (0 or 1). */
    public int usersNamed(String username) {
        HttpRequest request = authorized(adminToken(), "/admin/realms/" + REALM + "/users/count?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)).GET().build();
        return Integer.parseInt(send(request).body().trim());
    }

    /**
     * Registers a key of ours in the realm as a passive RS256 key (Keycloak publishes it in its JWKS but never signs
     * with it), so tests can mint correctly signed tokens with one wrong claim.
     */
    public synchronized TokenForge tokenForge() {
        if (forge == null) {
            RSAKey key = TokenForge.generate("unused");
            String admin = adminToken();
            String realmId = JSON.readTree(send(authorized(admin, "/admin/realms/" + REALM).GET().build()).body()).get("id").asString();
            String component = JSON.writeValueAsString(Map.of(
                    "name", "e2e-test-signing-key", "providerId", "rsa", "providerType", "org.keycloak.keys.KeyProvider",
                    "parentId", realmId,
                    "config", Map.of("priority", List.of("1"), "enabled", List.of("true"), "active", List.of("false"),
                            "algorithm", List.of("RS256"), "privateKey", List.of(pem(key)))));
            HttpResponse<String> created = send(authorized(admin, "/admin/realms/" + REALM + "/components")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(component)).build());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("Keycloak refused the test key: " + created.statusCode() + " " + created.body());
            }
            String kid = publishedKeyId(key);
            forge = new TokenForge(issuer(), new RSAKey.Builder(key).keyID(kid).build());
        }
        return forge;
    }

    private String publishedKeyId(RSAKey key) {
        try {
            JWKSet published = JWKSet.parse(send(HttpRequest.newBuilder(URI.create(jwkSetUri())).GET().build()).body());
            return published.getKeys().stream()
                    .filter(jwk -> jwk instanceof RSAKey rsa && rsa.getModulus().equals(key.getModulus()))
                    .map(jwk -> jwk.getKeyID())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("the test key is not in Keycloak's JWKS"));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String adminToken() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", "admin"))))
                .build();
        return JSON.readTree(send(request).body()).get("access_token").asString();
    }

    private HttpRequest.Builder authorized(String token, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Bearer " + token);
    }

    private static String pem(RSAKey key) {
        try {
            byte[] pkcs8 = key.toPrivateKey().getEncoded();
            return java.util.Base64.getEncoder().encodeToString(pkcs8);
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeycloakSupport start() {
        Path home = locate("meca.keycloak.home", "infra/keycloak/target/keycloak-" + keycloakVersion());
        Path realm = locate("meca.keycloak.realm-file", "infra/keycloak/meca-realm.json");
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, imports.resolve("meca-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Path database = Files.createTempDirectory("keycloak-test-db");
            Path log = Files.createTempFile("keycloak-test", ".log");
            int port = freePort();
            int managementPort = freePort();
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port,
                    "--http-management-port=" + managementPort,
                    "--health-enabled=true",
                    "--import-realm",
                    // same database kind as ./meca (no Keycloak rebuild), but a throw-away file per test JVM
                    "--db-url=jdbc:h2:file:" + database.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx640m");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
            // the realm's smtpServer reads these placeholders at import: its mail goes to the test JVM's SMTP server
            MailSupport mail = MailSupport.shared();
            builder.environment().put("MECA_SMTP_HOST", mail.smtpHost());
            builder.environment().put("MECA_SMTP_PORT", Integer.toString(mail.smtpPort()));
            Process process = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(process)));
            awaitReady(process, managementPort, log);
            KeycloakSupport keycloak = new KeycloakSupport(port, process);
            keycloak.warmUp();
            return keycloak;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak from " + home, e);
        }
    }

    /**
     * "Ready" means Keycloak listens; its first sign-ins and admin calls still load and compile their whole path and
     * hash a password, which on two busy cores took longer than a service's admin-call timeout. Tests measure the
     * platform, not Keycloak's warm-up: do one of each here, once per JVM.
     */
    private void warmUp() {
        String admin = adminToken();
        passwordGrant(WARM_UP_USER, DEMO_PASSWORD);
        // a user created with a password and removed: the path of auth-service's first registration
        String user = JSON.writeValueAsString(Map.of("username", "warm-up-" + java.util.UUID.randomUUID() + "@meca.test",
                "enabled", true, "credentials", List.of(Map.of("type", "password", "value", "Warm-up-2026-keycloak",
                        "temporary", false))));
        HttpResponse<String> created = send(authorized(admin, "/admin/realms/" + REALM + "/users")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user)).build());
        created.headers().firstValue("Location").ifPresent(location ->
                send(authorized(admin, URI.create(location).getPath()).DELETE().build()));
    }

    private static void awaitReady(Process process, int managementPort, Path log) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start-up:\n" + tail(log));
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Waiting.pause(Duration.ofMillis(500));
        }
        stop(process);
        throw new IllegalStateException("Keycloak not ready within 4 minutes:\n" + tail(log));
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String keycloakVersion() {
        return System.getProperty("meca.keycloak.version", "26.7.3");
    }

    /** From the system property the build sets, else found by walking up from the working directory (IDE runs). */
    static Path locate(String property, String relativeToRepository) {
        String configured = System.getProperty(property);
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relativeToRepository);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(relativeToRepository + " not found: build infra/keycloak first ("
                + "./mvnw -pl infra/keycloak package) or set -D" + property);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
