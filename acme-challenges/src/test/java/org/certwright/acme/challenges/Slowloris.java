package org.certwright.acme.challenges;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow peers that connect to a server, send the first byte of what they would say, and stall:
 * the slowloris attack on a server that gives each connection a thread and waits for its request.
 */
final class Slowloris implements AutoCloseable {

    /** The first byte of an HTTP request line. */
    static final byte HTTP = 'G';
    /** The first byte of a TLS record carrying a handshake message (a ClientHello to come). */
    static final byte TLS = 0x16;

    private final List<Socket> sockets = new ArrayList<>();

    private Slowloris() {
    }

    /**
     * Opens the connections and sends each one byte.
     *
     * @param port        the server's port on 127.0.0.1
     * @param connections how many
     * @param firstByte   what each sends
     */
    static Slowloris open(int port, int connections, byte firstByte) throws IOException {
        Slowloris peers = new Slowloris();
        try {
            for (int i = 0; i < connections; i++) {
                Socket socket = new Socket();
                peers.sockets.add(socket);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                socket.getOutputStream().write(firstByte);
                socket.getOutputStream().flush();
            }
        } catch (IOException | RuntimeException e) {
            peers.close();
            throw e;
        }
        return peers;
    }

    /**
     * How many of the connections the server has closed, waiting up to {@code wait} in all.
     * A connection counts as closed when reading from it ends (end of stream or a reset).
     */
    int closedByServerWithin(Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        int closed = 0;
        for (Socket socket : sockets) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            try {
                InputStream in = socket.getInputStream();
                // A TLS server may answer with an alert before it closes; read until the end.
                while (in.read() >= 0) {
                    // skip whatever the server said
                }
                closed++;
            } catch (SocketTimeoutException e) {
                // still open when the time was up
            } catch (IOException e) {
                closed++; // reset by the server
            }
        }
        return closed;
    }

    /** How many connections were opened. */
    int size() {
        return sockets.size();
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the test is over
            }
        }
    }
}
