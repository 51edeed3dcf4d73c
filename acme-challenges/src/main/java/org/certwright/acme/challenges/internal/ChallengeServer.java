package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket server under every listening responder (http-01, tls-alpn-01, simpleHttps): accepts
 * connections on a bound port and hands each to a {@link Handler} on a thread of a bounded pool,
 * so that slow or malicious peers cannot keep the CA's validation from being answered.
 *
 * <p>Why not the JDK's {@code HttpServer}: it waits for a request line without any deadline of
 * its own (its {@code sun.net.httpserver.maxReqTime} is a JVM-wide system property, off by
 * default), so a handful of peers that connect and stall hold every thread of its executor for
 * ever, and a CA's request queues behind them.
 *
 * <p>What keeps the CA answered:
 * <ul>
 *   <li>a connection lives at most {@link Limits#deadline()} from accept to close, whatever it does:
 *       a watchdog closes the underlying TCP socket then, which ends a blocked read or TLS
 *       handshake at once. A CA needs milliseconds: one handshake, one request, one answer;
 *   <li>connections are never kept open for another request;
 *   <li>up to {@link Limits#maxConnections()} connections are served at once, each on its own
 *       thread, so that many stalled peers do not delay the CA; beyond that new connections are
 *       closed at once instead of queued behind stalled ones.
 * </ul>
 *
 * <p>TLS is layered by the handler over the accepted plain socket ({@link #startTls}), so that the
 * watchdog always holds the TCP socket and never has to close a TLS socket mid-handshake.
 */
public final class ChallengeServer implements SharedListeners.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ChallengeServer.class);
    /** The longest stop() waits for the accepting thread to let go of the port. */
    private static final long STOP_TIMEOUT_MILLIS = 2_000;
    private static final int BACKLOG = 128;
    private static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * How long a connection may live and how many are served at once.
     *
     * @param deadline       the longest a connection stays open after it was accepted
     * @param maxConnections the most connections served at the same time
     */
    public record Limits(Duration deadline, int maxConnections) {

        /**
         * Defaults for a responder: a CA completes its handshake and request in well under a
         * second even across the world, so 5 s is generous; 256 connections bound the threads
         * while leaving room for the CA beside far more stalled peers than a handful.
         */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), 256);

        /**
         * Checks the values.
         *
         * @param deadline       positive
         * @param maxConnections positive
         */
        public Limits {
            Objects.requireNonNull(deadline, "deadline");
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("deadline must be positive: " + deadline);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
            }
        }
    }

    /** Answers one accepted connection. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Serves the connection; the server closes it afterwards, and sooner at the deadline.
         *
         * @param socket the accepted TCP connection
         * @throws IOException if the connection fails, which only ends this connection
         */
        void serve(Socket socket) throws IOException;
    }

    private final String name;
    private final ServerSocket serverSocket;
    private final Limits limits;
    private final Handler handler;
    private final ThreadPoolExecutor connections;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean stopped;

    private ChallengeServer(String name, ServerSocket serverSocket, Limits limits, Handler handler) {
        this.name = name;
        this.serverSocket = serverSocket;
        this.limits = limits;
        this.handler = handler;
        int port = serverSocket.getLocalPort();
        this.connections = new ThreadPoolExecutor(0, limits.maxConnections(), 10, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new DaemonThreads("certwright-" + name + "-" + port));
        this.watchdog = new ScheduledThreadPoolExecutor(1, new DaemonThreads("certwright-" + name + "-watchdog-" + port));
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.acceptor = new DaemonThreads("certwright-" + name + "-accept-" + port).newThread(this::acceptLoop);
    }

    /**
     * Binds a port and starts serving.
     *
     * @param name    what the server is for, in thread names and logs ({@code http01})
     * @param address where to listen
     * @param limits  how long connections live and how many are served at once
     * @param handler answers each connection
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ChallengeServer open(String name, InetSocketAddress address, Limits limits, Handler handler)
            throws IOException {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(handler, "handler");
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(address, BACKLOG);
        } catch (IOException | RuntimeException e) {
            serverSocket.close();
            throw e;
        }
        ChallengeServer server = new ChallengeServer(name, serverSocket, limits, handler);
        server.acceptor.start();
        LOG.debug("{} server listening on {}", name, serverSocket.getLocalSocketAddress());
        return server;
    }

    /**
     * Starts the server side of TLS over an accepted connection, with TLS 1.2 and 1.3 only.
     * Closing the TLS socket closes the connection.
     *
     * @param context the server's TLS context
     * @param socket  the accepted connection
     * @return the TLS socket, before its handshake
     * @throws IOException if the socket cannot be layered
     */
    public static SSLSocket startTls(SSLContext context, Socket socket) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, null, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setProtocols(Arrays.stream(tls.getSupportedProtocols()).filter(TLS_PROTOCOLS::contains)
                .toArray(String[]::new));
        parameters.setNeedClientAuth(false);
        tls.setSSLParameters(parameters);
        return tls;
    }

    /**
     * Where the server listens, with the port it actually bound.
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /**
     * How many connections are open now, for tests.
     *
     * @return the number of accepted connections not yet closed
     */
    public int openConnections() {
        return open.size();
    }

    /** Closes the port and every open connection; returns once the port is released. */
    @Override
    public void stop() {
        stopped = true;
        closeQuietly(serverSocket);
        // The JDK defers the real close of a socket that a thread is blocked accepting on until
        // that thread returns; wait for it (bounded), so that the port is free when stop() returns.
        try {
            acceptor.join(STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.shutdownNow();
        watchdog.shutdownNow();
        for (Socket socket : List.copyOf(open)) {
            closeQuietly(socket);
        }
        LOG.debug("{} server on {} stopped", name, serverSocket.getLocalSocketAddress());
    }

    private void acceptLoop() {
        while (!stopped) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (stopped) {
                    return;
                }
                LOG.debug("{} accept failed: {}", name, e.toString());
                if (!pause()) { // e.g. out of file descriptors: do not spin
                    return;
                }
                continue;
            }
            dispatch(socket);
        }
    }

    private void dispatch(Socket socket) {
        open.add(socket);
        if (stopped) {
            // stop() may have closed the open connections before this one was added.
            release(socket, null);
            return;
        }
        ScheduledFuture<?> expiry;
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.deadline().toMillis()));
            expiry = watchdog.schedule(() -> expire(socket), limits.deadline().toNanos(), TimeUnit.NANOSECONDS);
        } catch (IOException | RejectedExecutionException e) {
            release(socket, null);
            return;
        }
        try {
            connections.execute(() -> serve(socket, expiry));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: {} connections at once; closing {}", name, limits.maxConnections(),
                    socket.getRemoteSocketAddress());
            release(socket, expiry);
        }
    }

    private void serve(Socket socket, ScheduledFuture<?> expiry) {
        try {
            handler.serve(socket);
        } catch (IOException e) {
            LOG.debug("{}: connection from {} failed: {}", name, socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("{}: answering {} failed", name, socket.getRemoteSocketAddress(), e);
        } finally {
            release(socket, expiry);
        }
    }

    private void expire(Socket socket) {
        if (open.contains(socket)) {
            LOG.debug("{}: closing {}, which did not finish within {}", name, socket.getRemoteSocketAddress(),
                    limits.deadline());
            closeQuietly(socket);
        }
    }

    private void release(Socket socket, ScheduledFuture<?> expiry) {
        if (expiry != null) {
            expiry.cancel(false);
        }
        closeQuietly(socket);
        open.remove(socket);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the connection or port is being dropped anyway
        }
    }

    /** Waits a little before accepting again; {@code false} if interrupted, which ends the loop. */
    private static boolean pause() {
        try {
            Thread.sleep(100);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
