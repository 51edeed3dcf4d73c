package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.Problem;
import org.certwright.acme.problem.RateLimitedException;
import org.junit.jupiter.api.Test;

// What an AcmeEventListener hears: requests, failures, retries, nonces, polls and rate limits.
class AcmeEventListenerTest extends MockCaTest {

    /** Writes each event as one line, so that tests can compare sequences. */
    private static final class Recorder implements AcmeEventListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void requestStarted(String method, URI url) {
            events.add("start " + method + " " + url.getPath());
        }

        @Override
        public void responseReceived(String method, URI url, int status, Duration elapsed) {
            events.add("response " + method + " " + url.getPath() + " " + status);
        }

        @Override
        public void requestFailed(String method, URI url, AcmeException failure, Duration elapsed) {
            events.add("failed " + method + " " + url.getPath() + " " + failure.getClass().getSimpleName());
        }

        @Override
        public void retrying(String method, URI url, RetryReason reason, int attempt, Duration delay) {
            events.add("retry " + method + " " + url.getPath() + " " + reason + " #" + attempt);
        }

        @Override
        public void nonceFetched(URI newNonceUrl) {
            events.add("nonce " + newNonceUrl.getPath());
        }

        @Override
        public void polled(URI url, Status status, int attempt) {
            events.add("poll " + url.getPath() + " " + status.wireValue() + " #" + attempt);
        }

        @Override
        public void rateLimited(String method, URI url, Problem problem, Optional<Instant> retryAfter) {
            events.add("rate-limited " + method + " " + url.getPath() + " " + retryAfter.isPresent());
        }
    }

    private final Recorder recorder = new Recorder();

    private Session listened() {
        return sessionWith(b -> b.eventListener(recorder));
    }

    @Test
    void everyExchangeIsHeardWithItsOutcome() throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"));

        listened().fetchRegistration();

        assertThat(recorder.events).containsExactly(
                "start GET " + MockCa.DIRECTORY, "response GET " + MockCa.DIRECTORY + " 200",
                "start HEAD " + MockCa.NEW_NONCE, "response HEAD " + MockCa.NEW_NONCE + " 200",
                "nonce " + MockCa.NEW_NONCE,
                "start POST " + MockCa.ACCOUNT, "response POST " + MockCa.ACCOUNT + " 200");
    }

    @Test
    void aRejectedNonceIsHeardAsARetry() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueProblem(400, "badNonce", "JWS has an invalid anti-replay nonce")
                .enqueueJson(200, ca.fixture("account.json"));

        listened().fetchRegistration();

        assertThat(recorder.events).contains("retry POST " + MockCa.ACCOUNT + " BAD_NONCE #1")
                .containsSubsequence("response POST " + MockCa.ACCOUNT + " 400",
                        "retry POST " + MockCa.ACCOUNT + " BAD_NONCE #1",
                        "response POST " + MockCa.ACCOUNT + " 200");
    }

    @Test
    void aTransientFailureIsHeardAsARetry() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueProblem(503, "serverInternal", "try again")
                .enqueueJson(200, ca.fixture("account.json"));

        listened().fetchRegistration();

        assertThat(recorder.events).containsSubsequence("response POST " + MockCa.ACCOUNT + " 503",
                "retry POST " + MockCa.ACCOUNT + " TRANSIENT_FAILURE #1",
                "response POST " + MockCa.ACCOUNT + " 200");
    }

    @Test
    void aRateLimitIsHeardWithItsRetryAfter() {
        ca.enqueueDirectoryAndNonce().enqueueProblem(429, "rateLimited", "too many new orders", "Retry-After", "60");

        assertThatThrownBy(() -> listened().newOrder(NewOrder.builder().dns("example.org").build()))
                .isInstanceOf(RateLimitedException.class);
        assertThat(recorder.events).contains("rate-limited POST " + MockCa.NEW_ORDER + " true");
    }

    @Test
    void pollsAreHeardWithTheStatusTheyFound() throws Exception {
        ca.enqueueDirectoryAndNonce()
                .enqueueJson(200, ca.fixture("authorization-pending.json"))
                .enqueueJson(200, ca.fixture("authorization-pending.json"))
                .enqueueJson(200, ca.fixture("authorization-valid.json"));
        Session session = listened();
        Authorization pending = session.fetch(Link.authorization(ca.url(MockCa.AUTHZ)));

        session.awaitAuthorization(pending);

        assertThat(recorder.events).containsSubsequence("poll " + MockCa.AUTHZ + " pending #1",
                "poll " + MockCa.AUTHZ + " valid #2");
    }

    @Test
    void anExchangeThatGotNoResponseIsHeardAsFailed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/directory");
        AcmeClient client = AcmeClient.builder(nowhere).allowInsecureHttpOnLoopback().eventListener(recorder)
                .retryPolicy(RetryPolicy.NONE).build();

        assertThatThrownBy(client::directory).isInstanceOf(AcmeNetworkException.class);
        assertThat(recorder.events).containsExactly("start GET /directory",
                "failed GET /directory AcmeNetworkException");
    }

    @Test
    void aListenerThatThrowsChangesNothing() throws Exception {
        AcmeEventListener broken = new AcmeEventListener() {
            @Override
            public void requestStarted(String method, URI url) {
                throw new IllegalStateException("metrics are broken");
            }

            @Override
            public void responseReceived(String method, URI url, int status, Duration elapsed) {
                throw new AssertionError("so is this");
            }
        };
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"));

        Registration registration = sessionWith(b -> b.eventListener(broken)).fetchRegistration();

        assertThat(registration.url()).isEqualTo(ca.accountUrl());
    }

    @Test
    void everySessionOfAClientIsHeard() throws Exception {
        AcmeClient client = AcmeClient.builder(ca.directoryUrl()).allowInsecureHttpOnLoopback()
                .retryPolicy(MockCa.FAST_RETRY).eventListener(recorder).build();
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture("account.json"))
                .enqueueJson(200, ca.fixture("account.json"));

        client.session(AccountKey.of(TestKeys.ACCOUNT), ca.accountUrl()).fetchRegistration();
        client.session(AccountKey.of(TestKeys.NEW_ACCOUNT), ca.accountUrl()).fetchRegistration();

        assertThat(recorder.events).filteredOn(e -> e.startsWith("response POST")).hasSize(2);
    }
}
