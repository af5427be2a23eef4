package fr.mecaformation.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay in front of a real server, to take that server away from one client and give it back
 * without stopping it: {@link #cut()} closes the listening port and every relayed connection (the client then
 * sees "connection refused", as when the server is down), {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    private TcpProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    public static TcpProxy to(String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, ServiceProcess.freePort());
        proxy.restore();
        return proxy;
    }

    /** A proxy on a port chosen in advance (e.g. one a server was told to advertise before the proxy could exist). */
    public static TcpProxy on(int port, String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, port);
        proxy.restore();
        return proxy;
    }

    public int port() {
        return port;
    }

    public synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
            daemon("tcp-proxy-" + port, () -> accept(socket));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + port, e);
        }
    }

    public synchronized void cut() {
        ServerSocket socket = listener;
        listener = null;
        closeQuietly(socket);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException closedOrRefused) {
                // the listener was cut, or the target refused: the client sees its connection close
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        daemon("tcp-proxy-pipe", () -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
