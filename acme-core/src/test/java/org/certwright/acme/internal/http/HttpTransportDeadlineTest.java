package org.certwright.acme.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.certwright.acme.AcmeEventListener;
import org.certwright.acme.problem.AcmeNetworkException;
import org.junit.jupiter.api.Test;

// Every exchange has one deadline that covers connecting, the TLS handshake, the headers and the body.
class HttpTransportDeadlineTest {

    private static final Duration HANG_LIMIT = Duration.ofSeconds(20);

    private static HttpTransport transport(Duration connectTimeout, Duration requestTimeout) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).build();
        return new HttpTransport(new HttpTransport.Config(client, "test", Optional.empty(), requestTimeout,
                1 << 20, 100, true, Clock.systemUTC(), AcmeEventListener.NONE), new NoncePool(8));
    }

    @Test
    void aBodyThatDripsFailsWhenTheRequestTimeoutIsOverAndTheConnectionIsClosed() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.DRIP, 1000)) {
            HttpTransport transport = transport(Duration.ofSeconds(5), Duration.ofSeconds(2));

            AcmeNetworkException e = assertTimeoutPreemptively(HANG_LIMIT, () -> catchThrowableOfType(
                    AcmeNetworkException.class, () -> transport.get(server.url("http", "/dir"), "application/json")));

            assertThat(e).hasMessageContaining("response did not complete within 2000 ms")
                    .hasMessageContaining("GET " + server.url("http", "/dir"));
            assertThat(server.awaitClientClosed(15)).as("the timed-out connection is closed").isTrue();
        }
    }

    @Test
    void aServerThatNeverAnswersTheTlsHandshakeIsReportedAsSuch() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.SILENT, 0)) {
            HttpTransport transport = transport(Duration.ofSeconds(1), Duration.ofSeconds(3));

            AcmeNetworkException e = assertTimeoutPreemptively(HANG_LIMIT, () -> catchThrowableOfType(
                    AcmeNetworkException.class, () -> transport.get(server.url("https", "/dir"), "application/json")));

            assertThat(e.getMessage()).contains("TLS handshake").doesNotContain("no response within 3000 ms");
        }
    }

    @Test
    void aSilentServerOverPlainHttpIsReportedAsNoResponse() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.SILENT, 0)) {
            HttpTransport transport = transport(Duration.ofSeconds(5), Duration.ofSeconds(1));

            AcmeNetworkException e = assertTimeoutPreemptively(HANG_LIMIT, () -> catchThrowableOfType(
                    AcmeNetworkException.class, () -> transport.get(server.url("http", "/dir"), "application/json")));

            assertThat(e).hasMessageContaining("no response headers within 1000 ms");
        }
    }
}
