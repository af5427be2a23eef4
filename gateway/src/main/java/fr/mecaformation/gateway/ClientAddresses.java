package fr.mecaformation.gateway;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling, as far as the gateway can tell: the TCP peer, unless the peer is one of the configured proxies
 * ({@code meca.gateway.trusted-proxies}, CIDRs); then the forwarded chain is read from the right, skipping trusted
 * hops, and the first address not trusted is the client. A forwarded header from anyone else is ignored, so a client
 * can't pick its own rate-limit bucket. The gateway never lets the server rewrite the peer from headers
 * ({@code server.forward-headers-strategy: none}, also on Kubernetes where Spring Boot would otherwise trust them).
 */
@Component
public class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Cidr> trustedProxies;
    private final boolean standardForwarded;

    public ClientAddresses(GatewayProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream().map(String::strip).filter(cidr -> !cidr.isEmpty())
                .map(Cidr::parse).toList();
        this.standardForwarded = "forwarded".equalsIgnoreCase(properties.forwardedHeader().strip());
    }

    /** The client's address; empty only when the server knows no peer at all. */
    public Optional<InetAddress> of(ServerHttpRequest request) {
        InetAddress peer = Optional.ofNullable(request.getRemoteAddress()).map(InetSocketAddress::getAddress).orElse(null);
        if (peer == null || !trusted(peer)) {
            return Optional.ofNullable(peer);
        }
        List<String> chain = standardForwarded ? forwardedFor(request.getHeaders()) : xForwardedFor(request.getHeaders());
        InetAddress client = peer;
        for (int hop = chain.size() - 1; hop >= 0; hop--) {
            Optional<InetAddress> address = literal(chain.get(hop));
            if (address.isEmpty()) {
                break; // "unknown", an obfuscated name or garbage: the last trusted hop is all we know
            }
            client = address.get();
            if (!trusted(client)) {
                break;
            }
        }
        return Optional.of(client);
    }

    /**
     * The rate-limit bucket of an address: the address itself for IPv4, its /64 for IPv6 (one subscriber's line gets
     * a whole /64, so a single address would let one client take 2^64 buckets).
     */
    public static String bucket(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 8);
            String hex = HexFormat.of().formatHex(prefix);
            StringBuilder groups = new StringBuilder("ip6:");
            for (int group = 0; group < 4; group++) {
                groups.append(Integer.toHexString(Integer.parseInt(hex.substring(group * 4, group * 4 + 4), 16))).append(group < 3 ? ":" : "::/64");
            }
            return groups.toString();
        }
        return "ip:" + address.getHostAddress();
    }

    private boolean trusted(InetAddress address) {
        return trustedProxies.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** An address block, {@code 10.0.0.0/8} or {@code fd00::/8} (a bare address is its own /32 or /128). */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String cidr) {
            String[] parts = cidr.split("/", 2);
            InetAddress network = literal(parts[0])
                    .orElseThrow(() -> new IllegalArgumentException("meca.gateway.trusted-proxies: not an address block: " + cidr));
            int bits = network.getAddress().length * 8;
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : bits;
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("meca.gateway.trusted-proxies: bad prefix length in " + cidr);
            }
            return new Cidr(network.getAddress(), prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static List<String> xForwardedFor(HttpHeaders headers) {
        List<String> chain = new ArrayList<>();
        for (String header : headers.getOrEmpty("X-Forwarded-For")) {
            for (String hop : header.split(",")) {
                chain.add(hop.strip());
            }
        }
        return chain;
    }

    /** RFC 7239: the {@code for=} parameter of each element, in order. */
    private static List<String> forwardedFor(HttpHeaders headers) {
        List<String> chain = new ArrayList<>();
        for (String header : headers.getOrEmpty("Forwarded")) {
            for (String element : header.split(",")) {
                String node = "";
                for (String pair : element.split(";")) {
                    String[] parts = pair.strip().split("=", 2);
                    if (parts.length == 2 && parts[0].strip().equalsIgnoreCase("for")) {
                        node = parts[1].strip();
                    }
                }
                chain.add(node);
            }
        }
        return chain;
    }

    /** An IP literal (with or without brackets, quotes or a port), never a name: nothing here asks DNS. */
    static Optional<InetAddress> literal(String hop) {
        String value = hop.strip().replace("\"", "");
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return Optional.empty();
            }
            value = value.substring(1, end);
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':') && value.contains(".")) {
            value = value.substring(0, value.indexOf(':')); // IPv4 with a port
        }
        int zone = value.indexOf('%');
        if (zone >= 0) {
            value = value.substring(0, zone);
        }
        String candidate = value.toLowerCase(Locale.ROOT);
        if (!IPV4.matcher(candidate).matches() && !IPV6.matcher(candidate).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(candidate));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
