package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

// One session shared by many threads (RFC 8555 §6.5: every nonce is good for one request only).
class SessionConcurrencyTest extends MockCaTest {

    private static final int THREADS = 16;
    private static final int ORDERS_PER_THREAD = 8;

    /** Answers by path, and records every nonce it hands out and every nonce a request uses. */
    private final class NonceCheckingCa extends Dispatcher {
        final Set<String> issued = ConcurrentHashMap.newKeySet();
        final Set<String> used = ConcurrentHashMap.newKeySet();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger directoryFetches = new AtomicInteger();
        final AtomicInteger orders = new AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String route = request.getMethod() + " " + request.getUrl().encodedPath();
            if (route.equals("GET " + MockCa.DIRECTORY)) {
                directoryFetches.incrementAndGet();
                return ca.directoryResponse();
            }
            if (route.equals("HEAD " + MockCa.NEW_NONCE)) {
                return issue(ca.nonceResponse());
            }
            if (route.equals("POST " + MockCa.NEW_ORDER)) {
                return newOrder(request);
            }
            violations.add("unexpected request " + route);
            return new MockResponse.Builder().code(404).build();
        }

        private MockResponse newOrder(RecordedRequest request) {
            String nonce;
            try {
                nonce = SignedRequest.of(request, TestKeys.ACCOUNT.getPublic()).nonce();
            } catch (AssertionError e) {
                violations.add("bad JWS: " + e.getMessage());
                return issue(ca.acme(400, MockCa.PROBLEM_JSON, MockCa.problem("malformed", "bad JWS").toString()).build());
            }
            if (!issued.contains(nonce)) {
                violations.add("nonce never issued: " + nonce);
            }
            if (!used.add(nonce)) {
                violations.add("nonce used twice: " + nonce);
                return issue(ca.acme(400, MockCa.PROBLEM_JSON, MockCa.problem("badNonce", "used").toString()).build());
            }
            String location = ca.url(MockCa.ORDER + "-" + orders.incrementAndGet()).toString();
            return issue(ca.acme(201, MockCa.JSON, ca.fixtureText("order-pending.json"), "Location", location).build());
        }

        private MockResponse issue(MockResponse response) {
            issued.add(response.getHeaders().get("Replay-Nonce"));
            return response;
        }
    }

    @Test
    void threadsSharingASessionNeverReuseANonce() throws Exception {
        NonceCheckingCa dispatcher = new NonceCheckingCa();
        ca.dispatchWith(dispatcher);
        NewOrder request = NewOrder.builder().dns("www.example.org", "example.org").build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Order>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    List<Order> mine = new ArrayList<>();
                    for (int i = 0; i < ORDERS_PER_THREAD; i++) {
                        mine.add(session.newOrder(request));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<Order> orders = new ArrayList<>();
            for (Future<List<Order>> f : results) {
                orders.addAll(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(dispatcher.violations).isEmpty();
            assertThat(orders).extracting(Order::url).doesNotHaveDuplicates().hasSize(THREADS * ORDERS_PER_THREAD);
            assertThat(dispatcher.used).hasSize(THREADS * ORDERS_PER_THREAD);
            assertThat(dispatcher.directoryFetches).hasValue(1);
            assertThat(session.statistics().badNonceRetries()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
