package org.certwright.testkit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds loopback ports that are free for TCP and UDP alike, by binding port 0 and closing again.
 * The port can be taken by someone else before Pebble binds it; callers retry on a collision.
 */
final class FreePorts {

    /** Ports already handed out in this JVM, so that two instances starting at once never share one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private static final int MAX_TRIES = 100;

    private FreePorts() {
    }

    /**
     * Reserves distinct ports on 127.0.0.1.
     *
     * @param count how many
     * @return ports that were free for both TCP and UDP a moment ago
     */
    static List<Integer> reserve(int count) {
        List<Closeable> held = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        try {
            for (int tries = 0; ports.size() < count; tries++) {
                if (tries >= MAX_TRIES) {
                    throw new IllegalStateException("Found only " + ports.size() + " of " + count
                            + " free loopback ports after " + MAX_TRIES + " tries");
                }
                ServerSocket tcp = new ServerSocket();
                held.add(tcp);
                tcp.bind(new InetSocketAddress(loopback(), 0));
                int port = tcp.getLocalPort();
                if (!bindUdp(port, held) || !HANDED_OUT.add(port)) {
                    continue;
                }
                ports.add(port);
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free loopback ports", e);
        } finally {
            for (Closeable socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was sent on it
                }
            }
        }
    }

    /**
     * 127.0.0.1, also when the JVM prefers IPv6 (where {@link InetAddress#getLoopbackAddress()} is ::1).
     *
     * @return the IPv4 loopback address
     */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("a literal address is always valid", e);
        }
    }

    private static boolean bindUdp(int port, List<Closeable> held) {
        try {
            held.add(new DatagramSocket(new InetSocketAddress(loopback(), port)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
