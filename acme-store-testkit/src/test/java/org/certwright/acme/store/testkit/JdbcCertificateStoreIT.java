package org.certwright.acme.store.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.JdbcCertificateStore;
import org.certwright.acme.lifecycle.LeaseLostException;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLease;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the JDBC store does beyond the contract: its schema, several instances, bounded waits. */
@ExtendWith(PostgresExtension.class)
class JdbcCertificateStoreIT {

    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static PostgresServer postgres;

    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-03-01T12:00:00Z"));
    private String prefix;

    @BeforeAll
    static void startPostgres(PostgresServer server) {
        postgres = server;
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "jdbc" + TESTS.incrementAndGet() + "_";
    }

    private JdbcCertificateStore open() throws StoreException {
        return JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(prefix).clock(clock).open();
    }

    @Test
    void theSchemaIsCreatedOnFirstUseAndReopeningKeepsItAndTheData() throws Exception {
        assertEquals(List.of(), tables(), "tables before the first open");

        JdbcCertificateStore first = open();
        assertEquals(List.of(prefix + "blob", prefix + "lease", prefix + "schema_version"), tables());
        assertEquals(List.of(JdbcCertificateStore.SCHEMA_VERSION), versions());
        first.write("blobs/a", bytes("a"));
        StoreLease lease = first.tryLock("l", "a", LEASE).orElseThrow();

        JdbcCertificateStore second = open();
        JdbcCertificateStore third = open();
        assertEquals(List.of(JdbcCertificateStore.SCHEMA_VERSION), versions(), "re-open changed the version row");
        assertArrayEquals(bytes("a"), third.read("blobs/a").orElseThrow());
        assertTrue(second.tryLock("l", "b", LEASE).isEmpty(), "re-open freed a lock");
        third.write("l/x", bytes("x"), lease);
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithAClearError() throws Exception {
        JdbcCertificateStore store = open();
        store.write("blobs/a", bytes("a"));
        execute("UPDATE " + prefix + "schema_version SET version = " + (JdbcCertificateStore.SCHEMA_VERSION + 1));

        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("schema version " + (JdbcCertificateStore.SCHEMA_VERSION + 1)), e::getMessage);
        assertTrue(e.getMessage().contains("newer"), e::getMessage);
        assertTrue(e.getMessage().contains(prefix), e::getMessage);
        assertEquals(List.of(JdbcCertificateStore.SCHEMA_VERSION + 1), versions(), "the refused schema was changed");
    }

    @Test
    void aVersionTableWithoutCertwrightsVersionIsRefused() throws Exception {
        execute("CREATE TABLE " + prefix + "schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)");
        execute("INSERT INTO " + prefix + "schema_version VALUES (1, 0)");

        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("invalid schema version 0"), e::getMessage);
    }

    @Test
    void instancesOpeningAnEmptyDatabaseAtOnceAllSucceed() throws Exception {
        List<JdbcCertificateStore> stores = concurrently(6, i -> open());

        assertEquals(List.of(JdbcCertificateStore.SCHEMA_VERSION), versions());
        stores.get(0).write("blobs/a", bytes("a"));
        for (JdbcCertificateStore store : stores) {
            assertArrayEquals(bytes("a"), store.read("blobs/a").orElseThrow());
        }
    }

    @Test
    void twoInstancesRacingForAnExpiredLeaseExactlyOneWinsAndTheLosersFencedWriteIsRefused() throws Exception {
        // Two processes: separate data sources (hence connections), the same tables.
        List<CertificateStore> instances = List.of(open(), open());
        for (int r = 0; r < 20; r++) {
            int round = r;
            // Each instance held the lock once before and kept its lease; both leases are expired now.
            List<StoreLease> old = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                old.add(instances.get(i).tryLock("certificates/example.com", "instance-" + i, LEASE).orElseThrow());
                clock.advance(LEASE);
            }
            List<Optional<StoreLease>> results = concurrently(2,
                    i -> instances.get(i).tryLock("certificates/example.com", "instance-" + i, LEASE));

            int winner = results.get(0).isPresent() ? 0 : 1;
            int loser = 1 - winner;
            assertTrue(results.get(winner).isPresent() && results.get(loser).isEmpty(),
                    "round " + round + ": not exactly one winner: " + results);
            StoreLease won = results.get(winner).orElseThrow();
            assertTrue(won.token() > old.get(1).token(), "round " + round + ": token did not increase");
            instances.get(winner).write("certificates/example.com/chain.pem", bytes("winner " + round), won);

            LeaseLostException refused = assertThrows(LeaseLostException.class, () -> instances.get(loser)
                    .write("certificates/example.com/chain.pem", bytes("loser " + round), old.get(loser)));
            assertEquals(LeaseLostException.Reason.SUPERSEDED, refused.reason());
            assertEquals(Optional.of("certificates/example.com/chain.pem"), refused.name());
            assertArrayEquals(bytes("winner " + round),
                    instances.get(loser).read("certificates/example.com/chain.pem").orElseThrow());
            clock.advance(LEASE);
        }
    }

    @Test
    void racingInstancesWorkAlsoWhenTheConnectionsDefaultToRepeatableRead() throws Exception {
        // A pool or role configured for REPEATABLE READ must not turn a lost race into an error.
        String role = prefix + "repeatable";
        execute("CREATE ROLE " + role + " LOGIN SUPERUSER");
        execute("ALTER ROLE " + role + " SET default_transaction_isolation = 'repeatable read'");
        List<CertificateStore> instances = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            instances.add(JdbcCertificateStore.builder(postgres.dataSource(role)).tablePrefix(prefix).clock(clock).open());
        }
        for (int r = 0; r < 20; r++) {
            int round = r;
            StoreLease old = instances.get(0).tryLock("l", "old", LEASE).orElseThrow();
            clock.advance(LEASE);
            List<Optional<StoreLease>> results = concurrently(2, i -> instances.get(i).tryLock("l", "racer-" + i, LEASE));

            assertEquals(1, results.stream().filter(Optional::isPresent).count(), () -> "round " + round + ": " + results);
            assertThrows(LeaseLostException.class, () -> instances.get(1).write("l/blob", bytes("stale"), old));
            clock.advance(LEASE);
        }
    }

    @Test
    void aRowLockedByAnotherSessionFailsTheOperationWithinTheTimeoutInsteadOfWaiting() throws Exception {
        JdbcCertificateStore store = JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(prefix)
                .clock(clock).timeout(Duration.ofSeconds(1)).open();
        StoreLease lease = store.tryLock("l", "a", LEASE).orElseThrow();
        store.write("l/blob", bytes("1"), lease);

        // Another session (a stuck instance, an administrator's open transaction) holds the lock's row.
        try (Connection other = postgres.dataSource().getConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT * FROM " + prefix + "lease WHERE lock_name = 'l' FOR UPDATE");
            }
            StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(StoreException.class, () -> store.write("l/blob", bytes("2"), lease)));
            assertEquals(Optional.of("l/blob"), e.name());
            assertTrue(e.getMessage().contains("timeout"), e::getMessage);
            assertInstanceOf(SQLException.class, e.getCause());
            assertThrows(StoreException.class, () -> store.tryLock("l", "b", LEASE));
            other.rollback();
        }
        store.write("l/blob", bytes("3"), lease);
        assertArrayEquals(bytes("3"), store.read("l/blob").orElseThrow());
    }

    @Test
    void aDatabaseFailureIsATypedErrorNamingTheBlob() throws Exception {
        JdbcCertificateStore store = open();
        execute("DROP TABLE " + prefix + "blob");

        StoreException e = assertThrows(StoreException.class, () -> store.read("certificates/example.com/key.pem"));
        assertEquals(Optional.of("certificates/example.com/key.pem"), e.name());
        assertTrue(e.getMessage().contains(prefix + "blob"), e::getMessage);
        assertInstanceOf(SQLException.class, e.getCause());
    }

    @Test
    void storesWithDifferentPrefixesAreIndependent() throws Exception {
        JdbcCertificateStore one = open();
        JdbcCertificateStore other = JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(prefix + "other_")
                .clock(clock).open();
        one.write("blobs/a", bytes("a"));
        one.tryLock("l", "a", LEASE).orElseThrow();

        assertTrue(other.read("blobs/a").isEmpty());
        assertTrue(other.tryLock("l", "b", LEASE).isPresent());
        assertEquals(prefix + "other_", other.tablePrefix());
    }

    @Test
    void aBadTablePrefixIsRefusedBeforeAnySqlIsBuiltFromIt() {
        for (String bad : List.of("", "Upper_", "1digit_", "semi;colon", "quote'", "a b", "x".repeat(41), "schema.t_")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e::getMessage);
        }
        assertThrows(IllegalArgumentException.class,
                () -> JdbcCertificateStore.builder(postgres.dataSource()).timeout(Duration.ZERO));
        JdbcCertificateStore.builder(postgres.dataSource()).tablePrefix("x".repeat(40)).tablePrefix("_a1_");
    }

    // ---------------------------------------------------------------- helpers

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                        + " WHERE table_name LIKE '" + prefix.replace("_", "\\_") + "%' ORDER BY table_name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private List<Integer> versions() throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM " + prefix + "schema_version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = postgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs the tasks at once, started together; the results in task order. */
    private static <T> List<T> concurrently(int tasks, Task<T> task) {
        return assertTimeoutPreemptively(DEADLINE, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(tasks);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<T>> futures = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        start.await();
                        return task.run(index);
                    }));
                }
                start.countDown();
                List<T> results = new ArrayList<>();
                for (Future<T> future : futures) {
                    results.add(future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS), "tasks did not stop");
            }
        });
    }
}
