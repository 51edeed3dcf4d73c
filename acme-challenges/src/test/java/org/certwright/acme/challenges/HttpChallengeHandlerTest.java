package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.certwright.acme.challenge.HttpResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpChallengeHandlerTest {

    private final InMemoryHttpChallengeStore store = new InMemoryHttpChallengeStore();
    private final HttpClient client = HttpClient.newHttpClient();
    private final HttpResource file = new HttpResource("Tok-en_9", "Tok-en_9.thumbprint", "text/plain");
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", new HttpChallengeHandler(store));
        server.start();
        store.put(file);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void servesAFileInFlight() throws Exception {
        HttpResponse<String> response = get(file.path());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Tok-en_9.thumbprint");
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void answersHeadWithoutABody() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url(file.path()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answers404ForEverythingElse() throws Exception {
        assertThat(get("/.well-known/acme-challenge/unknown").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/acme-challenge/").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get(file.path() + "/").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/acme-challenge/%54ok-en_9").statusCode()).isEqualTo(404);
        assertThat(get("/index.html").body()).isEqualTo("not found\n");
    }

    @Test
    void answers404ForATraversalAttempt() throws Exception {
        // Sent raw: an HTTP client would normalise the dots away.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /.well-known/acme-challenge/../acme-challenge/" + file.name()
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(response).startsWith("HTTP/1.1 404");
        }
    }

    @Test
    void refusesOtherMethods() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url(file.path()))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void stopsServingAfterRemoval() throws Exception {
        store.remove(file);
        assertThat(get(file.path()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
