package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedHttpResponderTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private final int port = Contexts.freePort();
    private final EmbeddedHttpResponder responder = new EmbeddedHttpResponder(InetAddress.getLoopbackAddress(), port);

    @AfterEach
    void close() {
        responder.close();
    }

    @Test
    void theProvisionSignalsOnceTheCaFetchedItsFileAndNotBefore() throws Exception {
        ChallengeContext context = Contexts.http01("example.com");
        ChallengeContext other = Contexts.http01("other.example");
        HttpResource file = context.httpResource().orElseThrow();
        try (Provision provision = responder.provision(context); Provision second = responder.provision(other)) {
            java.util.concurrent.CompletableFuture<Void> seen =
                    provision.validationSeen().orElseThrow().toCompletableFuture();
            java.util.concurrent.CompletableFuture<Void> otherSeen =
                    second.validationSeen().orElseThrow().toCompletableFuture();

            assertThat(get("/.well-known/acme-challenge/" + Contexts.token()).statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + file.path()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            assertThat(seen).as("a 404 or a HEAD is not the CA's validation").isNotDone();

            assertThat(get(file.path()).statusCode()).isEqualTo(200);
            seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(otherSeen).as("only the file fetched").isNotDone();
        }
    }

    @Test
    void servesTheTokensInFlightAndStopsAfterCleanUp() throws Exception {
        assertThat(responder.isListening()).isFalse();
        ChallengeContext context = Contexts.http01("example.com");
        HttpResource file = context.httpResource().orElseThrow();

        Provision provision = responder.provision(context);
        assertThat(responder.isListening()).isTrue();
        HttpResponse<String> response = get(file.path());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(file.content());
        assertThat(get("/.well-known/acme-challenge/" + Contexts.token()).statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);

        provision.close();
        assertThat(responder.isListening()).isFalse();
        // Binding the port proves nobody listens; connecting could hit the client's own socket
        // when the kernel picks this (ephemeral-range) port as the source port.
        assertThat(Contexts.isFree(port)).isTrue();
    }

    @Test
    void isSharedByConcurrentOrdersAndResponders() throws Exception {
        EmbeddedHttpResponder second = new EmbeddedHttpResponder(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        int orders = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Provision>> provisions = new ArrayList<>();
        List<ChallengeContext> contexts = new ArrayList<>();
        try {
            for (int i = 0; i < orders; i++) {
                ChallengeContext context = Contexts.http01("n" + i + ".example.com");
                contexts.add(context);
                EmbeddedHttpResponder r = i % 2 == 0 ? responder : second;
                provisions.add(pool.submit(() -> {
                    start.await();
                    return r.provision(context);
                }));
            }
            start.countDown();
            List<Provision> open = new ArrayList<>();
            for (Future<Provision> f : provisions) {
                open.add(f.get());
            }
            for (ChallengeContext context : contexts) {
                HttpResource file = context.httpResource().orElseThrow();
                assertThat(get(file.path()).body()).isEqualTo(file.content());
            }
            // Clean up half: those are gone, the others are still served by the same server.
            for (int i = 0; i < orders; i += 2) {
                open.get(i).close();
            }
            for (int i = 0; i < orders; i++) {
                int expected = i % 2 == 0 ? 404 : 200;
                assertThat(get(contexts.get(i).httpResource().orElseThrow().path()).statusCode()).isEqualTo(expected);
            }
            List<Future<?>> closing = new ArrayList<>();
            for (int i = 1; i < orders; i += 2) {
                Provision p = open.get(i);
                closing.add(pool.submit(() -> {
                    p.close();
                    return null;
                }));
            }
            for (Future<?> f : closing) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            second.close();
        }
        assertThat(responder.isListening()).isFalse();
    }

    @Test
    void closeRemovesWhatIsInFlightAndRefusesMore() throws Exception {
        ChallengeContext context = Contexts.http01("example.com");
        responder.provision(context);
        responder.provision(Contexts.http01("example.org"));
        assertThat(responder.isListening()).isTrue();

        responder.close();
        assertThat(responder.isListening()).isFalse();
        assertThatThrownBy(() -> responder.provision(Contexts.http01("example.net")))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("closed");
        assertThat(responder.isListening()).isFalse();
    }

    @Test
    void reportsAPortThatCannotBeBound() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThatThrownBy(() -> responder.provision(Contexts.http01("example.com")))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining(Integer.toString(port));
        }
        assertThat(responder.isListening()).isFalse();
        // Once the port is free, it works.
        Provision p = responder.provision(Contexts.http01("example.com"));
        assertThat(responder.isListening()).isTrue();
        p.close();
    }

    @Test
    void slowClientsCannotKeepTheCaFromBeingAnswered() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ChallengeContext context = Contexts.http01("example.com");
            HttpResource file = context.httpResource().orElseThrow();
            try (Provision provision = responder.provision(context);
                 Slowloris stalled = Slowloris.open(port, 64, Slowloris.HTTP)) {
                Thread.sleep(500); // lets the server take up every stalled connection first
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + file.path())).timeout(Duration.ofSeconds(15)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(file.content());
                assertThat(stalled.closedByServerWithin(Duration.ofSeconds(30))).isEqualTo(stalled.size());
            }
        });
    }

    @Test
    void refusesUnusablePorts() {
        assertThatThrownBy(() -> new EmbeddedHttpResponder(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddedHttpResponder(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new EmbeddedHttpResponder(8080).address().getAddress().isAnyLocalAddress()).isTrue();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI url = URI.create("http://127.0.0.1:" + port + path);
        return client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }
}
