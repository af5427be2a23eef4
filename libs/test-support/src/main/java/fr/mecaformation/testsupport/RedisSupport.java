package fr.mecaformation.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The Redis the gateway's rate limiter needs: the local one when it answers, else Testcontainers, else a clear failure. */
public final class RedisSupport {

    public record Server(String host, int port) {
    }

    private static volatile Server server;

    private RedisSupport() {
    }

    public static synchronized Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        String host = System.getenv().getOrDefault("TEST_REDIS_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("TEST_REDIS_PORT", "6379"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return new Server(host, port);
        } catch (IOException unreachable) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                redis.start();
                Runtime.getRuntime().addShutdownHook(new Thread(redis::stop));
                return new Server(redis.getHost(), redis.getFirstMappedPort());
            }
            throw new IllegalStateException("No Redis answered at " + host + ":" + port
                    + " and no Docker engine is available: start redis-server or set TEST_REDIS_HOST/PORT.");
        }
    }
}
