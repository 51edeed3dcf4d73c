package org.certwright.acme;

import java.util.function.UnaryOperator;
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

    /** A session like {@link #session}, with some builder settings changed. */
    protected Session sessionWith(UnaryOperator<Session.Builder> settings) {
        return settings.apply(ca.sessionBuilder(TestKeys.ACCOUNT).accountUrl(ca.accountUrl())).build();
    }

    /** A session that does not know its account URL yet. */
    protected Session sessionWithoutAccountUrl() {
        return ca.sessionBuilder(TestKeys.ACCOUNT).build();
    }

    /** The next request: a POST to {@code path} signed by the account key. */
    protected SignedRequest takeSigned(String path) {
        return ca.takeSigned(path, TestKeys.ACCOUNT.getPublic());
    }

    /**
     * An order snapshot fetched from the CA (so the directory and a nonce are already used up):
     * an RFC 8555 example order, changed by {@code change}.
     */
    protected Order fetchRfcOrder(String fixture, UnaryOperator<JsonDoc> change) throws Exception {
        ca.enqueueDirectoryAndNonce().enqueueJson(200, change.apply(ca.fixture(fixture)));
        Order order = session.fetch(Link.order(ca.url(MockCa.ORDER)));
        ca.takeDirectoryAndNonce();
        takeSigned(MockCa.ORDER);
        return order;
    }
}
