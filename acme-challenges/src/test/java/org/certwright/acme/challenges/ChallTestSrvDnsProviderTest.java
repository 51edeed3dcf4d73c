package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The management API calls, as a stand-in for pebble-challtestsrv receives them. */
class ChallTestSrvDnsProviderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One call: endpoint and JSON body. */
    record Call(String path, JsonNode body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private HttpServer server;
    private ChallTestSrvDnsProvider provider;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Call(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type"),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
            byte[] reply = (status.get() == 200 ? "" : "boom").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), reply.length == 0 ? -1 : reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        provider = ChallTestSrvDnsProvider.create(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void publishSetsTheTxtAtTheAbsoluteName() throws Exception {
        provider.publish(new DnsRecord("_acme-challenge.example.com", "value-1", false));

        assertThat(calls).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("POST /set-txt application/json");
            assertThat(call.body().path("host").asString()).isEqualTo("_acme-challenge.example.com.");
            assertThat(call.body().path("value").asString()).isEqualTo("value-1");
        });
    }

    @Test
    void removeClearsTheNameAndPutsBackTheOtherValuesThisProviderPublished() throws Exception {
        provider.publish(new DnsRecord("_acme-challenge.example.com", "for-example.com", false));
        provider.publish(new DnsRecord("_acme-challenge.example.com", "for-*.example.com", false));
        calls.clear();

        provider.remove(new DnsRecord("_acme-challenge.example.com", "for-example.com", false));

        assertThat(calls).extracting(Call::path)
                .containsExactly("POST /clear-txt application/json", "POST /set-txt application/json");
        assertThat(calls.get(0).body().has("value")).isFalse();
        assertThat(calls.get(1).body().path("value").asString()).isEqualTo("for-*.example.com");
        calls.clear();

        provider.remove(new DnsRecord("_acme-challenge.example.com", "for-*.example.com", false));
        provider.remove(new DnsRecord("_acme-challenge.example.com", "never published", false));

        assertThat(calls).extracting(Call::path).containsOnly("POST /clear-txt application/json").hasSize(2);
    }

    @Test
    void anErrorStatusIsAProvisioningFailureNamingTheRequest() {
        status.set(500);

        assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge.example.com", "v", false)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("POST http://127.0.0.1:" + server.getAddress().getPort() + "/set-txt")
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("boom");
    }

    @Test
    void aServerThatIsNotThereIsAProvisioningFailure() {
        server.stop(0);

        assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge.example.com", "v", false)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("/set-txt failed");
    }

    @Test
    void anInterruptIsReportedAsSuchAndStaysSet() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> provider.publish(new DnsRecord("_acme-challenge.example.com", "v", false)))
                    .isInstanceOf(org.certwright.acme.problem.AcmeInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void onlyHttpUrls() {
        assertThatThrownBy(() -> ChallTestSrvDnsProvider.create(URI.create("ftp://127.0.0.1/")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
