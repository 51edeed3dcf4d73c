package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.certwright.acme.problem.AcmeProtocolException;
import org.certwright.acme.problem.BadNonceException;
import org.certwright.acme.problem.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

// RFC 8555 §6.5 and §7.2: nonces come from newNonce once, then from every response's Replay-Nonce.
class SessionNonceTest extends MockCaTest {

    private static final NewOrder ORDER = NewOrder.builder().dns("www.example.org", "example.org").build();

    @Test
    void theFirstSignedRequestAsksNewNonceExactlyOnce() throws Exception {
        ca.enqueueDirectoryAndNonce();
        String headNonce = ca.lastNonce();
        ca.enqueueJson(200, ca.fixture("account.json"));

        session.fetchRegistration();

        ca.take("GET", MockCa.DIRECTORY);
        RecordedRequest head = ca.take("HEAD", MockCa.NEW_NONCE);
        assertThat(head.getBodySize()).isZero();
        assertThat(takeSigned(MockCa.ACCOUNT).nonce()).isEqualTo(headNonce);
        assertThat(session.statistics().nonceRequests()).isOne();
    }

    @Test
    void laterRequestsUseTheReplayNonceOfThePreviousResponse() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"));
        String first = ca.lastNonce();
        ca.enqueueJson(201, ca.fixture("order-pending.json"), "Location", ca.url(MockCa.ORDER).toString());
        String second = ca.lastNonce();
        ca.enqueueJson(200, ca.fixture("order-pending.json"));

        session.fetchRegistration();
        Order order = session.newOrder(ORDER);
        session.refresh(order);

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ACCOUNT);
        assertThat(takeSigned(MockCa.NEW_ORDER).nonce()).isEqualTo(first);
        assertThat(takeSigned(MockCa.ORDER).nonce()).isEqualTo(second);
        assertThat(session.statistics().nonceRequests()).isOne();
        assertThat(session.statistics().httpRequests()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a nonce!", "nonce/with+plain=base64"})
    void aNewNonceResponseWithoutAValidReplayNonceIsAProtocolError(String replayNonce) {
        MockResponse.Builder head = new MockResponse.Builder().code(200);
        if (!replayNonce.isEmpty()) {
            head.addHeader("Replay-Nonce", replayNonce);
        }
        ca.enqueueDirectory().enqueue(head.build());

        assertThatThrownBy(() -> session.fetchRegistration())
                .isInstanceOf(AcmeProtocolException.class)
                .hasMessageContaining("Replay-Nonce")
                .hasMessageContaining("HEAD " + ca.url(MockCa.NEW_NONCE) + " -> HTTP 200");
        assertThat(ca.requestCount()).as("nothing is signed without a nonce").isEqualTo(2);
    }

    @Test
    void theNonceOfAnErrorResponseIsUsedByTheNextRequest() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueProblem(403, "rejectedIdentifier", "Not for example.org");
        String fromError = ca.lastNonce();
        ca.enqueueJson(201, ca.fixture("order-pending.json"), "Location", ca.url(MockCa.ORDER).toString());

        assertThatThrownBy(() -> session.newOrder(ORDER)).isInstanceOf(ProblemException.class);
        session.newOrder(ORDER);

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.NEW_ORDER);
        assertThat(takeSigned(MockCa.NEW_ORDER).nonce()).isEqualTo(fromError);
        assertThat(session.statistics().nonceRequests()).isOne();
    }

    @Test
    void badNonceIsRetriedWithTheNonceFromTheErrorResponse() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueProblem(400, "badNonce", "JWS has an invalid anti-replay nonce", "Replay-Nonce", "retryWithMe")
                .enqueueJson(201, ca.fixture("order-pending.json"), "Location", ca.url(MockCa.ORDER).toString());

        Order order = session.newOrder(ORDER);

        assertThat(order.url()).isEqualTo(ca.url(MockCa.ORDER));
        ca.takeDirectoryAndNonce();
        SignedRequest rejected = takeSigned(MockCa.NEW_ORDER);
        SignedRequest retried = takeSigned(MockCa.NEW_ORDER);
        assertThat(retried.nonce()).isEqualTo("retryWithMe");
        assertThat(retried.payload()).isEqualTo(rejected.payload());
        assertThat(session.statistics().badNonceRetries()).isOne();
        assertThat(session.statistics().nonceRequests()).isOne();
    }

    @Test
    void badNonceRetriesAreBoundedByTheRetryPolicy() {
        Session twoRetries = sessionWith(b -> b.retryPolicy(new RetryPolicy(2, 0, Duration.ofMillis(1), Duration.ZERO)));
        ca.enqueueDirectoryAndNonce();
        for (int i = 0; i < 3; i++) {
            ca.enqueueProblem(400, "badNonce", "JWS has an invalid anti-replay nonce");
        }

        assertThatThrownBy(() -> twoRetries.newOrder(ORDER))
                .isInstanceOf(BadNonceException.class)
                .hasMessageContaining("POST " + ca.url(MockCa.NEW_ORDER) + " -> HTTP 400");
        assertThat(ca.requestCount()).isEqualTo(2 + 3);
        assertThat(twoRetries.statistics().badNonceRetries()).isEqualTo(2);
    }

    @Test
    void badNonceWithoutAReplayNonceIsRetriedWithAFreshNonce() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueue(new MockResponse.Builder().code(400).addHeader("Content-Type", MockCa.PROBLEM_JSON)
                        .body(MockCa.problem("badNonce", "stale nonce").toString()).build())
                .enqueueNonce();
        String fresh = ca.lastNonce();
        ca.enqueueJson(201, ca.fixture("order-pending.json"), "Location", ca.url(MockCa.ORDER).toString());

        session.newOrder(ORDER);

        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.NEW_ORDER);
        ca.take("HEAD", MockCa.NEW_NONCE);
        assertThat(takeSigned(MockCa.NEW_ORDER).nonce()).isEqualTo(fresh);
        assertThat(session.statistics().nonceRequests()).isEqualTo(2);
    }

    @Test
    void theDefaultPolicyOutlastsManyRejectedNoncesInARow() throws Exception {
        // Pebble rejects nonces at random; a long run of rejections must not cost an order.
        Session defaults = sessionWith(b -> b.retryPolicy(RetryPolicy.DEFAULT));
        ca.enqueueDirectoryAndNonce();
        int rejections = 20;
        for (int i = 0; i < rejections; i++) {
            ca.enqueueProblem(400, "badNonce", "JWS has an invalid anti-replay nonce");
        }
        ca.enqueueJson(201, ca.fixture("order-pending.json"), "Location", ca.url(MockCa.ORDER).toString());

        Order order = defaults.newOrder(ORDER);

        assertThat(order.url()).isEqualTo(ca.url(MockCa.ORDER));
        assertThat(defaults.statistics().badNonceRetries()).isEqualTo(rejections);
    }

    @Test
    void badNonceRetriesStopWhenTheRetryWindowIsOver() {
        Session briefly = sessionWith(b -> b.retryPolicy(new RetryPolicy(1000, 0, Duration.ofMillis(1), Duration.ZERO)
                .withRetryWindow(Duration.ofMillis(1500))));
        ca.enqueueDirectoryAndNonce();
        for (int i = 0; i < 5; i++) {
            ca.enqueue(ca.acme(400, MockCa.PROBLEM_JSON, MockCa.problem("badNonce", "stale").toString())
                    .headersDelay(1, java.util.concurrent.TimeUnit.SECONDS).build());
        }

        assertThatThrownBy(() -> briefly.newOrder(ORDER)).isInstanceOf(BadNonceException.class);
        assertThat(ca.requestCount()).isEqualTo(2 + 2);
    }
}
