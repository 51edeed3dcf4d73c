package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

// Whatever a CA or a proxy sends, the caller gets an AcmeException naming the request: never a
// Jackson exception or a NullPointerException.
class SessionMalformedResponseTest extends MockCaTest {

    private static final NewOrder ORDER = NewOrder.builder().dns("www.example.org", "example.org").build();

    private String orderRequest(int status) {
        return "POST " + ca.url(MockCa.ORDER) + " -> HTTP " + status;
    }

    private Order fetchOrder() throws Exception {
        return session.fetch(Link.order(ca.url(MockCa.ORDER)));
    }

    private static MockResponse dropConnection() {
        return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    }

    @Test
    void anHtmlErrorPageIsReportedWithItsStatusAndBeginning() {
        ca.enqueueDirectoryAndNonce().enqueue(new MockResponse.Builder().code(502)
                .addHeader("Content-Type", "text/html; charset=utf-8")
                .body("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>").build());

        assertThatThrownBy(() -> session.newOrder(ORDER))
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("without an ACME problem document")
                .hasMessageContaining("'text/html'")
                .hasMessageContaining("<title>502 Bad Gateway</title>")
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 502");
    }

    @Test
    void aProblemDocumentThatIsNotJsonIsReportedWithItsStatus() {
        ca.enqueueDirectoryAndNonce().enqueue(ca.acme(400, MockCa.PROBLEM_JSON, "{\"type\": \"urn:ietf:params").build());

        assertThatThrownBy(() -> session.newOrder(ORDER))
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("problem document is not valid JSON")
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 400");
    }

    /** A response built once the server's address is known. */
    @FunctionalInterface
    interface Answer {
        MockResponse from(MockCa ca);
    }

    static Stream<Arguments> malformedOrders() {
        return Stream.of(
                Arguments.of("truncated JSON", body("{\"status\": \"pending\", \"identifiers\": ["), "is not valid JSON"),
                Arguments.of("a JSON array", body("[{\"status\": \"pending\"}]"), "is not a JSON object"),
                Arguments.of("an empty body", body(""), "the order is not"),
                Arguments.of("two objects", body("{} {}"), "is not valid JSON"),
                Arguments.of("another content type", (Answer) ca -> ca.acme(200, "text/plain",
                        ca.fixtureText("order-pending.json")).build(), "expected the order as application/json"),
                Arguments.of("finalize missing", order(d -> d.without("finalize")), "required member 'finalize' is missing"),
                Arguments.of("status missing", order(d -> d.without("status")), "required member 'status' is missing"),
                Arguments.of("a number as status", order(d -> d.with("status", 5)), "member 'status' is not a string"),
                Arguments.of("a string as identifiers", order(d -> d.with("identifiers", "example.org")),
                        "member 'identifiers' is not an array"),
                Arguments.of("a number among authorizations", order(d -> d.with("authorizations", List.of(1))),
                        "member 'authorizations' is not an array of strings"),
                Arguments.of("a relative finalize URL", order(d -> d.with("finalize", "/finalize")),
                        "member 'finalize' is not an absolute URL"),
                Arguments.of("a malformed timestamp", order(d -> d.with("expires", "tomorrow")),
                        "member 'expires' is not an RFC 3339 timestamp"),
                Arguments.of("an identifier without a value", order(d -> d.with("identifiers", List.of(Map.of("type", "dns")))),
                        "required member 'identifiers[0].value' is missing"));
    }

    private static Answer body(String text) {
        return ca -> ca.acme(200, MockCa.JSON, text).build();
    }

    private static Answer order(UnaryOperator<JsonDoc> change) {
        return ca -> ca.acme(200, MockCa.JSON, change.apply(ca.fixture("order-pending.json")).toString()).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedOrders")
    void aMalformedResourceIsAProtocolErrorNamingWhatIsWrong(String what, Answer answer, String message) {
        ca.enqueueDirectoryAndNonce().enqueue(answer.from(ca));

        assertThatThrownBy(this::fetchOrder)
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining(message)
                .hasMessageContaining(orderRequest(200));
    }

    @ParameterizedTest(name = "with Content-Length: {0}")
    @ValueSource(booleans = {true, false})
    void anOversizedBodyIsRefused(boolean contentLength) {
        Session bounded = sessionWith(b -> b.maxResponseBytes(2048));
        String big = ca.fixture("order-pending.json").with("padding", "x".repeat(4096)).toString();
        MockResponse.Builder response = ca.acme(200, MockCa.JSON, big);
        if (!contentLength) {
            response.chunkedBody(big, 512);
        }
        ca.enqueueDirectoryAndNonce().enqueue(response.build());

        assertThatThrownBy(() -> bounded.fetch(Link.order(ca.url(MockCa.ORDER))))
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("exceeds the limit of 2048 bytes")
                .hasMessageContaining(orderRequest(200));
    }

    @Test
    void aResponseWithTooManyHeaderFieldsIsRefused() {
        MockResponse.Builder response = ca.acme(200, MockCa.JSON, ca.fixtureText("order-pending.json"));
        for (int i = 0; i < 100; i++) {
            response.addHeader("X-Filler-" + i, "x");
        }
        ca.enqueueDirectoryAndNonce().enqueue(response.build());

        assertThatThrownBy(this::fetchOrder)
                .isExactlyInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("header fields, more than the limit")
                .hasMessageContaining(orderRequest(200));
    }

    @Test
    void aConnectionClosedMidResponseIsANetworkError() {
        ca.enqueueDirectoryAndNonce().enqueue(ca.acme(201, MockCa.JSON, ca.fixture("order-pending.json").toString(),
                "Location", ca.url(MockCa.ORDER).toString()).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());

        assertThatThrownBy(() -> session.newOrder(ORDER))
                .isExactlyInstanceOf(AcmeNetworkException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER));
        assertThat(ca.requestCount()).as("a new order is never repeated").isEqualTo(3);
    }

    @Test
    void aNewOrderIsNotRepeatedAfterTheConnectionDropped() {
        ca.enqueueDirectoryAndNonce().enqueue(dropConnection());

        assertThatThrownBy(() -> session.newOrder(ORDER))
                .isExactlyInstanceOf(AcmeNetworkException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER));
        assertThat(ca.requestCount()).isEqualTo(3);
        assertThat(session.statistics().otherRetries()).isZero();
    }

    @Test
    void aRequestThatGetsNoAnswerInTimeIsANetworkError() {
        Session hurried = sessionWith(b -> b.requestTimeout(Duration.ofMillis(300)));
        ca.enqueueDirectoryAndNonce().enqueue(ca.acme(201, MockCa.JSON, ca.fixture("order-pending.json").toString(),
                "Location", ca.url(MockCa.ORDER).toString()).headersDelay(1, TimeUnit.SECONDS).build());

        assertThatThrownBy(() -> hurried.newOrder(ORDER))
                .isExactlyInstanceOf(AcmeNetworkException.class)
                .hasMessageContaining("no response headers within 300 ms")
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER));
    }

    @Test
    void aPostAsGetIsRetriedAfterA503() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueProblem(503, "serverInternal", "try again", "Retry-After", "0")
                .enqueueJson(200, ca.fixture("order-pending.json"));

        assertThat(fetchOrder().status()).isEqualTo(Status.PENDING);

        ca.takeDirectoryAndNonce();
        SignedRequest first = takeSigned(MockCa.ORDER);
        SignedRequest retry = takeSigned(MockCa.ORDER);
        assertThat(retry.nonce()).isNotEqualTo(first.nonce());
        assertThat(retry.jws().encodedPayload()).isEmpty();
        assertThat(session.statistics().otherRetries()).isOne();
    }

    @Test
    void aPostAsGetIsRetriedAfterTheConnectionDropped() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueue(dropConnection()).enqueueNonce()
                .enqueueJson(200, ca.fixture("order-pending.json"));

        assertThat(fetchOrder().status()).isEqualTo(Status.PENDING);
        assertThat(session.statistics().otherRetries()).isOne();
    }

    @Test
    void aTransientFailureAskingForALongWaitIsNotRetried() {
        ca.enqueueDirectoryAndNonce().enqueueProblem(503, "serverInternal", "back in an hour", "Retry-After", "3600");

        assertThatThrownBy(this::fetchOrder)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.retryAfter()).isPresent())
                .hasMessageContaining(orderRequest(503));
        assertThat(session.statistics().otherRetries()).isZero();
    }

    @Test
    void anInterruptDuringARequestIsPropagated() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueue(ca.acme(200, MockCa.JSON, ca.fixtureText("order-pending.json"))
                .headersDelay(2, TimeUnit.SECONDS).build());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                fetchOrder();
            } catch (Throwable t) {
                thrown.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ORDER);
        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(AcmeInterruptedException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.ORDER));
        assertThat(stillInterrupted).isTrue();
    }

    @Test
    void transientRetriesAreBounded() {
        ca.enqueueDirectoryAndNonce();
        for (int i = 0; i < 3; i++) {
            ca.enqueueProblem(503, "serverInternal", "still down");
        }

        assertThatThrownBy(this::fetchOrder)
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.SERVER_INTERNAL))
                .hasMessageContaining(orderRequest(503));
        assertThat(session.statistics().otherRetries()).isEqualTo(2);
    }
}
