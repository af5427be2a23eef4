package fr.mecaformation.testsupport;

import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.HashMap;
import java.util.Map;

/**
 * A dedicated KRaft broker of its own (not the JVM's shared one) that clients reach only through a {@link TcpProxy}:
 * the broker advertises the proxy's port, so after the bootstrap every connection (metadata, produce, fetch) goes
 * through it too. {@link #cut()} is then, for every client, Kafka being down; {@link #restore()} brings it back.
 */
public final class ProxiedKafka implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;
    private final int proxyPort;
    private volatile TcpProxy proxy;

    private ProxiedKafka(EmbeddedKafkaKraftBroker broker, TcpProxy proxy) {
        this.broker = broker;
        this.proxy = proxy;
        this.proxyPort = proxy.port();
    }

    public static ProxiedKafka start(Map<String, String> brokerProperties) {
        // the test kit binds the broker's ports itself: advertise a port chosen now, put the proxy on it once the
        // broker is up and its real port known
        int proxyPort = ServiceProcess.freePort();
        Map<String, String> properties = new HashMap<>(Map.of(
                "advertised.listeners", "EXTERNAL://localhost:" + proxyPort,
                "auto.create.topics.enable", "true",
                "num.partitions", "2",
                "group.initial.rebalance.delay.ms", "0"));
        properties.putAll(brokerProperties);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.brokerProperties(properties);
        broker.afterPropertiesSet();
        TcpProxy proxy = TcpProxy.on(proxyPort, "localhost", brokerPort(broker));
        ProxiedKafka kafka = new ProxiedKafka(broker, proxy);
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        return kafka;
    }

    /** What clients bootstrap from: the proxy. */
    public String bootstrapServers() {
        return "localhost:" + proxy.port();
    }

    public void cut() {
        proxy.cut();
    }

    public void restore() {
        proxy.restore();
    }

    /**
     * Stops the broker process (its logs and committed offsets stay on disk) and starts it again, as a broker
     * restart in production: every client connection drops, nothing is served meanwhile, then the same data is
     * back behind the same advertised address (the broker binds a new port, the proxy follows it).
     */
    public synchronized void restartBroker() {
        proxy.cut();
        BrokerServer server = broker.getCluster().brokers().values().iterator().next();
        server.shutdown();
        server.awaitShutdown();
        server.startup();
        proxy = TcpProxy.on(proxyPort, "localhost", brokerPort(broker));
    }

    private static int brokerPort(EmbeddedKafkaKraftBroker broker) {
        return broker.getCluster().brokers().values().iterator().next().boundPort(ListenerName.normalised("EXTERNAL"));
    }

    @Override
    public void close() {
        proxy.close();
        broker.destroy();
    }
}
