package fr.mecaformation.gateway;

import fr.mecaformation.testsupport.RedisSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One kept-alive connection, as browsers and the platform's own clients use: an anonymous POST the gateway refuses
 * itself (401, answered at once, before any route), then at once a POST with a token that it routes. With
 * reactor-netty 1.3.6 about one routed request in forty was never answered (no 504 either): the refusal completed
 * while the next request was queued, and the connection stopped reading (reactor/reactor-netty#4361, fixed in 1.3.8).
 * A raw socket, so both requests of a pair are sure to share the connection and nothing retries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0",
        "eureka.client.enabled=false",
        "spring.data.redis.database=7",
        // the pairs measure the connection, not the rate limiter
        "meca.gateway.rate-limit.replenish-rate=100000",
        "meca.gateway.rate-limit.burst-capacity=100000",
        "logging.structured.format.console="})
@Import(GatewayTestSupport.LocalTokens.class)
class GatewayKeepAliveIT {

    static final int PAIRS = 400;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> RedisSupport.server().host());
        registry.add("spring.data.redis.port", () -> RedisSupport.server().port());
        registry.add("spring.cloud.discovery.client.simple.instances.progress-service[0].uri", GatewayTestSupport::servicesUrl);
    }

    @Value("${local.server.port}")
    int port;

    @Test
    void a_routed_request_right_after_a_refused_one_on_the_same_connection_is_always_answered() throws IOException {
        String token = GatewayTestSupport.token("learner-" + UUID.randomUUID());
        List<String> unanswered = new ArrayList<>();
        int answered = 0;
        Connection connection = new Connection(port);
        try {
            for (int pair = 0; pair < PAIRS; pair++) {
                String path = "/api/progress/admin/certificates/" + UUID.randomUUID() + "/revocation";
                for (String authorization : new String[] {null, "Bearer " + token}) {
                    try {
                        int status = connection.post(path, authorization, "{\"reason\":\"FRAUD\"}");
                        assertThat(status).as(path).isEqualTo(authorization == null ? 401 : 403);
                        answered++;
                        if (connection.closedByServer) {
                            connection.close();
                            connection = new Connection(port);
                        }
                    } catch (SocketTimeoutException noAnswer) {
                        unanswered.add((authorization == null ? "anonymous " : "routed ") + path);
                        connection.close();
                        connection = new Connection(port);
                    }
                }
            }
        } finally {
            connection.close();
        }
        assertThat(unanswered).as("requests left unanswered for 5 s, of " + (2 * PAIRS)).isEmpty();
        assertThat(answered).isEqualTo(2 * PAIRS);
    }

    /** HTTP/1.1 over one socket: a request, then its whole response (Content-Length or chunked), nothing else. */
    static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        boolean closedByServer;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        int post(String path, String authorization, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n");
            if (authorization != null) {
                request.append("Authorization: ").append(authorization).append("\r\n");
            }
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();

            List<String> head = new ArrayList<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                head.add(line);
            }
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String header : head.subList(1, head.size())) {
                String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> closedByServer = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(readLine().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(readLine().split(";")[0].trim(), 16)) {
                    in.readNBytes((int) size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length > 0) {
                in.readNBytes((int) length);
            }
            return status;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by the gateway");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
