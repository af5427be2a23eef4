package fr.mecaformation.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.util.unit.DataSize;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTest {

    static ClientAddresses trusting(String header, String... cidrs) {
        return new ClientAddresses(new GatewayProperties(List.of(), List.of(), DataSize.ofMegabytes(1), List.of(),
                DataSize.ofGigabytes(2), new GatewayProperties.RateLimit(20, 40), List.of(cidrs), header, false));
    }

    static String client(ClientAddresses addresses, String peer, String header, String value) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/api/auth/register")
                .remoteAddress(new InetSocketAddress(peer, 40000));
        if (header != null) {
            request.header(header, value);
        }
        return addresses.of(request.build()).map(InetAddress::getHostAddress).orElseThrow();
    }

    @Test
    void a_forwarded_header_from_a_peer_that_is_not_a_configured_proxy_is_ignored() {
        ClientAddresses addresses = trusting("X-Forwarded-For", "10.0.0.0/8");
        assertThat(client(addresses, "198.51.100.20", "X-Forwarded-For", "203.0.113.9")).isEqualTo("198.51.100.20");
        assertThat(client(trusting("X-Forwarded-For"), "127.0.0.1", "X-Forwarded-For", "203.0.113.9"))
                .as("nothing is trusted by default, loopback included").isEqualTo("127.0.0.1");
    }

    @Test
    void behind_trusted_proxies_the_client_is_the_first_untrusted_hop_from_the_right() {
        ClientAddresses addresses = trusting("X-Forwarded-For", "10.0.0.0/8", "fd00::/8");
        assertThat(client(addresses, "10.1.2.3", "X-Forwarded-For", "198.51.100.7")).isEqualTo("198.51.100.7");
        // what the client wrote itself (the left part) is not believed: the proxy appended the address it saw
        assertThat(client(addresses, "10.1.2.3", "X-Forwarded-For", "203.0.113.9, 198.51.100.7, 10.9.9.9"))
                .isEqualTo("198.51.100.7");
        assertThat(client(addresses, "10.1.2.3", "X-Forwarded-For", "unknown")).isEqualTo("10.1.2.3");
        assertThat(client(addresses, "10.1.2.3", "X-Forwarded-For", "evil.example.com")).as("never a DNS name")
                .isEqualTo("10.1.2.3");
        assertThat(client(addresses, "10.1.2.3", null, null)).isEqualTo("10.1.2.3");
        assertThat(client(addresses, "fd00::1", "X-Forwarded-For", "2001:db8:1:2::77")).isEqualTo("2001:db8:1:2:0:0:0:77");
    }

    @Test
    void the_standard_forwarded_header_when_the_proxies_set_that_one() {
        ClientAddresses addresses = trusting("Forwarded", "10.0.0.0/8");
        assertThat(client(addresses, "10.1.2.3", "Forwarded", "for=203.0.113.9, for=\"[2001:db8:cafe::17]:4711\";proto=https"))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(client(addresses, "10.1.2.3", "Forwarded", "for=198.51.100.7:5000;by=10.1.2.3")).isEqualTo("198.51.100.7");
        assertThat(client(addresses, "10.1.2.3", "X-Forwarded-For", "198.51.100.7")).as("the other header is not read")
                .isEqualTo("10.1.2.3");
    }

    @Test
    void ipv6_clients_share_a_bucket_per_64_and_ipv4_clients_have_one_each() throws Exception {
        assertThat(ClientAddresses.bucket(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(ClientAddresses.bucket(InetAddress.getByName("2001:db8:1:2:ffff:eeee:dddd:cccc")))
                .isEqualTo("ip6:2001:db8:1:2::/64");
        assertThat(ClientAddresses.bucket(InetAddress.getByName("2001:db8:1:3::1"))).isEqualTo("ip6:2001:db8:1:3::/64");
        assertThat(ClientAddresses.bucket(InetAddress.getByName("198.51.100.7"))).isEqualTo("ip:198.51.100.7");
        assertThat(ClientAddresses.bucket(InetAddress.getByName("::ffff:198.51.100.7"))).isEqualTo("ip:198.51.100.7");
    }
}
