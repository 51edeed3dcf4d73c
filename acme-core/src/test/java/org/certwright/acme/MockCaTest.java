package org.certwright.acme;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The common set-up of session tests: a fresh {@link MockCa} per test and a session on it that
 * signs with {@link TestKeys#ACCOUNT} and already knows its account URL.
 */
abstract class MockCaTest {

    protected MockCa ca;
    protected Session session;

    @BeforeEach
    void startMockCa() {
        ca = MockCa.start();
        session = ca.session(TestKeys.ACCOUNT);
    }

    @AfterEach
    void stopMockCa() {
        ca.close();
    }

    /** The next request: a POST to {@code path} signed by the account key. */
    protected SignedRequest takeSigned(String path) {
        return ca.takeSigned(path, TestKeys.ACCOUNT.getPublic());
    }

    /** The RFC 8555 §7.1.3 example order, as a snapshot the session could have returned. */
    protected Order fetchRfcOrder(String fixture) throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, ca.fixture(fixture));
        Order order = session.fetch(Link.order(ca.url(MockCa.ORDER)));
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ORDER);
        return order;
    }
}
