package org.certwright.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Checks that a DNS server answers on a loopback UDP port, with a hand-made A query: enough to
 * know that pebble-challtestsrv's DNS listener is up, without a DNS library.
 */
final class DnsProbe {

    private static final String PROBE_NAME = "certwright-readiness.test";

    private DnsProbe() {
    }

    /**
     * Sends one A query and waits for a reply with the same id.
     *
     * @param port    the UDP port on 127.0.0.1
     * @param timeout how long to wait for the reply
     * @return {@code true} if the server replied
     */
    static boolean answers(int port, Duration timeout) {
        return exchange(port, PROBE_NAME, timeout) != null;
    }

    /**
     * Sends one A query for a name and checks that it has an answer: for an authoritative server such
     * as BIND, which answers before its zones are loaded (with SERVFAIL), this means the zone is loaded.
     *
     * @param port    the UDP port on 127.0.0.1
     * @param name    a name that has an A record, without trailing dot
     * @param timeout how long to wait for the reply
     * @return {@code true} if the reply has RCODE NOERROR and at least one answer
     */
    static boolean resolves(int port, String name, Duration timeout) {
        byte[] reply = exchange(port, name, timeout);
        return reply != null && (reply[3] & 0x0f) == 0 && ((reply[6] & 0xff) << 8 | (reply[7] & 0xff)) > 0;
    }

    /** Sends an A query and returns the reply with the same id (at least a header), or {@code null}. */
    private static byte[] exchange(int port, String name, Duration timeout) {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = query(id, name);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), 0))) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            socket.send(new DatagramPacket(query, query.length, new InetSocketAddress(FreePorts.loopback(), port)));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            boolean ours = reply.getLength() >= 12 && ((buffer[0] & 0xff) << 8 | (buffer[1] & 0xff)) == id;
            return ours ? buffer : null;
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            // ICMP port unreachable surfaces as PortUnreachableException: nothing listens yet.
            return null;
        }
    }

    /**
     * Encodes a recursive query for the A record of a name (RFC 1035 §4.1).
     *
     * @param id   the message id
     * @param name the name, without trailing dot
     * @return the message
     */
    static byte[] query(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id >> 8);
        out.write(id);
        out.write(0x01); // RD
        out.write(0x00);
        out.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0}); // QDCOUNT 1, no other sections
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        out.writeBytes(new byte[] {0, 1, 0, 1}); // QTYPE A, QCLASS IN
        return out.toByteArray();
    }
}
