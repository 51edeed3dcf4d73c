package org.certwright.acme.store.testkit;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.JdbcCertificateStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JDBC store keeps the whole store contract on a real PostgreSQL, including across a restart
 * (a new store on a new data source over the same tables). Each test gets its own table prefix,
 * hence its own empty store.
 */
@ExtendWith(PostgresExtension.class)
class JdbcCertificateStoreContractIT extends CertificateStoreContract {

    private static final AtomicInteger TESTS = new AtomicInteger();
    private static PostgresServer postgres;

    private String prefix;

    @BeforeAll
    static void startPostgres(PostgresServer server) {
        postgres = server;
    }

    @Override
    protected CertificateStore createStore(SimulatedClock clock) throws Exception {
        prefix = "contract" + TESTS.incrementAndGet() + "_";
        return JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(prefix).clock(clock).open();
    }

    @Override
    protected Optional<CertificateStore> reopenStore(SimulatedClock clock) throws Exception {
        return Optional.of(JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(prefix).clock(clock).open());
    }
}
