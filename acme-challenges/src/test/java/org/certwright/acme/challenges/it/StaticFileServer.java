package org.certwright.acme.challenges.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small static file server standing in for nginx or Apache in front of a webroot: serves regular
 * files below a directory on 127.0.0.1 and records which paths were asked for.
 */
final class StaticFileServer implements AutoCloseable {

    private final Path root;
    private final HttpServer server;
    private final List<String> served = new CopyOnWriteArrayList<>();

    private StaticFileServer(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    static StaticFileServer start(Path root, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            StaticFileServer files = new StaticFileServer(root.toAbsolutePath().normalize(), server);
            server.createContext("/", files::handle);
            server.start();
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** The paths answered with 200, in order. */
    List<String> served() {
        return List.copyOf(served);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            served.add(path);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
