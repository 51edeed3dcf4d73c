package org.certwright.acme.dns.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.certwright.acme.dns.DnsApiException;
import org.certwright.acme.dns.DnsRateLimitException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiClientTest {

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRateLimitIsWaitedOutForAsLongAsRetryAfterSays() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build());
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());

        ApiClient.ApiResponse response = client(Duration.ofSeconds(10)).send(get());

        assertThat(response.status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void withoutRetryAfterTheWaitGrowsAndStopsAtTheBound() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse.Builder().code(429).body("{\"error\":\"slow down\"}").build());
        }

        assertThatThrownBy(() -> client(Duration.ofSeconds(4)).send(get()))
                .isInstanceOfSatisfying(DnsRateLimitException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(429);
                    assertThat(e.serviceMessage()).hasValueSatisfying(m -> assertThat(m).startsWith("slow down"));
                })
                .hasMessageContaining("still rate limited after waiting up to 4 s");
        // 1 s, then 2 s; 4 s more would pass the bound of 4 s.
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void a503WithRetryAfterIsARateLimitAndOneWithoutIsAnError() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").build());
        server.enqueue(new MockResponse.Builder().code(503).body("down for maintenance").build());

        assertThatThrownBy(() -> client(Duration.ofSeconds(10)).send(get()))
                .isInstanceOf(DnsApiException.class)
                .isNotInstanceOf(DnsRateLimitException.class)
                .hasMessageContaining("Example refused the request: down for maintenance")
                .hasMessageContaining("GET " + server.url("/zones"));
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void anErrorCarriesTheServicesOwnMessageAndTheRequest() {
        server.enqueue(new MockResponse.Builder().code(422).body("{\"error\": \"RRset x.example. IN TXT: bad content\"}")
                .build());

        assertThatThrownBy(() -> client(Duration.ofSeconds(10)).send(get()))
                .isInstanceOfSatisfying(DnsApiException.class, e -> {
                    assertThat(e.serviceMessage()).hasValue("RRset x.example. IN TXT: bad content");
                    assertThat(e.method()).hasValue("GET");
                    assertThat(e.httpStatus()).hasValue(422);
                })
                .hasMessageContaining("-> HTTP 422");
    }

    @Test
    void anUnreachableServiceIsADnsApiExceptionWithoutStatus() throws Exception {
        URI closed = server.url("/zones").uri();
        server.close();

        assertThatThrownBy(() -> client(Duration.ofSeconds(10)).send(HttpRequest.newBuilder(closed).GET()))
                .isInstanceOfSatisfying(DnsApiException.class, e -> assertThat(e.httpStatus()).isEmpty())
                .hasMessageContaining("Example could not be reached");
    }

    @Test
    void anInterruptDuringTheWaitIsPropagated() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "5").build());
        ApiClient client = new ApiClient("Example", ApiClient.newHttpClient(Duration.ofSeconds(5)), Duration.ofSeconds(5),
                Duration.ofSeconds(30), body -> Optional.empty(), clock, d -> {
                    throw new InterruptedException();
                });
        try {
            assertThatThrownBy(() -> client.send(get())).isInstanceOf(AcmeInterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    private HttpRequest.Builder get() {
        return HttpRequest.newBuilder(server.url("/zones").uri()).GET();
    }

    private ApiClient client(Duration maxWait) {
        return new ApiClient("Example", ApiClient.newHttpClient(Duration.ofSeconds(5)), Duration.ofSeconds(5), maxWait,
                body -> body.contains("\"error\"") ? Optional.of(body.replaceAll(".*\"error\":\\s*\"([^\"]*)\".*", "$1"))
                        : Optional.empty(),
                clock, d -> {
                    waits.add(d);
                    clock.advance(d);
                });
    }

    /** Time that passes only when the client waits. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
