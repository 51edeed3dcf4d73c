package org.certwright.acme.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that breaks the rules a well-behaved HTTP server keeps, on a raw socket: it accepts
 * connections and then either never says anything, or sends headers and drips the body one byte
 * at a time forever. It records when the client closed a dripped connection, so that tests can
 * check that a timed-out exchange does not leave its connection open.
 */
public final class MisbehavingServer implements AutoCloseable {

    /** What the server does with each connection. */
    public enum Behaviour {
        /** Accepts the TCP connection and never writes or reads. */
        SILENT,
        /** Reads the request, sends a 200 with a large Content-Length, then one byte per interval. */
        DRIP
    }

    private final ServerSocket socket;
    private final Behaviour behaviour;
    private final long dripIntervalMillis;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final Thread acceptor;

    public MisbehavingServer(Behaviour behaviour, long dripIntervalMillis) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.dripIntervalMillis = dripIntervalMillis;
        this.acceptor = new Thread(this::acceptLoop, "misbehaving-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A URL on this server with the given scheme. */
    public URI url(String scheme, String path) {
        return URI.create(scheme + "://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** How many connections were accepted. */
    public int accepted() {
        return accepted.get();
    }

    /** Waits until the client closed a dripped connection (a write to it failed). */
    public boolean awaitClientClosed(long seconds) throws InterruptedException {
        return clientClosed.await(seconds, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                connections.add(s);
                if (behaviour == Behaviour.DRIP) {
                    Thread t = new Thread(() -> drip(s), "misbehaving-drip");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void drip(Socket s) {
        try {
            InputStream in = s.getInputStream();
            readHeaders(in);
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (!socket.isClosed()) {
                out.write(' ');
                out.flush();
                Thread.sleep(dripIntervalMillis);
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                clientClosed.countDown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
