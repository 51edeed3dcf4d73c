package org.certwright.acme.store.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.InvalidStoreNameException;
import org.certwright.acme.lifecycle.LeaseLostException;
import org.certwright.acme.lifecycle.StoreLease;
import org.certwright.acme.lifecycle.StoreNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CertificateStore} must keep, as JUnit 5 tests. To check an
 * implementation, subclass this in a test and create a fresh, empty store in
 * {@link #createStore(SimulatedClock)}:
 *
 * <pre>{@code
 * class MyStoreTest extends CertificateStoreContract {
 *     @Override
 *     protected CertificateStore createStore(SimulatedClock clock) throws Exception {
 *         return new MyStore(freshBucket(), clock);
 *     }
 * }
 * }</pre>
 *
 * The store must judge lease expiry by the clock it is given; the tests move that clock instead of
 * waiting. Override {@link #reopenStore(SimulatedClock)} to also check that blobs and fencing
 * tokens survive a restart.
 *
 * @since 0.2.0
 */
public abstract class CertificateStoreContract {

    /** The lease duration the tests use. */
    protected static final Duration LEASE = Duration.ofMinutes(5);

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private SimulatedClock clock;
    private CertificateStore store;

    /**
     * For subclasses.
     *
     * @since 0.2.0
     */
    protected CertificateStoreContract() {
    }

    /**
     * Creates a fresh, empty store for one test.
     *
     * @param clock the clock by which the store must judge lease expiry
     * @return the store
     * @throws Exception if it cannot be created; the test then fails
     * @since 0.2.0
     */
    protected abstract CertificateStore createStore(SimulatedClock clock) throws Exception;

    /**
     * Opens the store of the current test again, as a restarted process would (a new instance
     * over the same storage). The default says that the implementation cannot, and the tests of
     * persistence are skipped.
     *
     * @param clock the clock the new instance must use
     * @return a new instance over the same storage, or empty
     * @throws Exception if it cannot be opened; the test then fails
     * @since 0.2.0
     */
    protected Optional<CertificateStore> reopenStore(SimulatedClock clock) throws Exception {
        return Optional.empty();
    }

    /**
     * Releases what the store of one test holds. The default does nothing.
     *
     * @param store the store of the test that ended
     * @throws Exception if it cannot be closed; the test then fails
     * @since 0.2.0
     */
    protected void closeStore(CertificateStore store) throws Exception {
    }

    /**
     * The store of the current test.
     *
     * @return the store created for this test
     * @since 0.2.0
     */
    protected final CertificateStore store() {
        return store;
    }

    /**
     * The clock of the current test.
     *
     * @return the clock given to the store
     * @since 0.2.0
     */
    protected final SimulatedClock clock() {
        return clock;
    }

    @BeforeEach
    final void createFreshStore() throws Exception {
        clock = new SimulatedClock(Instant.parse("2026-03-01T12:00:00Z"));
        store = createStore(clock);
    }

    @AfterEach
    final void closeFreshStore() throws Exception {
        closeStore(store);
    }

    // ----------------------------------------------------------------- blobs

    @Test
    void aWrittenBlobReadsBackAndAMissingOneIsEmpty() throws Exception {
        store.write("certificates/example.com/chain.pem", bytes("chain"));

        assertArrayEquals(bytes("chain"), store.read("certificates/example.com/chain.pem").orElseThrow());
        assertTrue(store.read("certificates/example.com/key.pem").isEmpty());
        assertTrue(store.read("certificates/other.example/chain.pem").isEmpty());
    }

    @Test
    void aWriteReplacesTheWholeBlob() throws Exception {
        store.write("accounts/ca/a/account.json", bytes("a much longer first version"));
        store.write("accounts/ca/a/account.json", bytes("short"));

        assertArrayEquals(bytes("short"), store.read("accounts/ca/a/account.json").orElseThrow());
    }

    @Test
    void emptyAndBinaryContentRoundTrip() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        store.write("blobs/empty", new byte[0]);
        store.write("blobs/binary", all);

        assertArrayEquals(new byte[0], store.read("blobs/empty").orElseThrow());
        assertArrayEquals(all, store.read("blobs/binary").orElseThrow());
    }

    @Test
    void theStoreKeepsItsOwnCopyOfTheContent() throws Exception {
        byte[] content = bytes("original");
        store.write("blobs/a", content);
        content[0] = 'X';
        store.read("blobs/a").orElseThrow()[1] = 'Y';

        assertArrayEquals(bytes("original"), store.read("blobs/a").orElseThrow());
    }

    @Test
    void deleteRemovesABlobAndSaysWhetherItExisted() throws Exception {
        store.write("certificates/example.com/key.pem", bytes("key"));
        store.write("certificates/example.com/chain.pem", bytes("chain"));

        assertTrue(store.delete("certificates/example.com/key.pem"));
        assertFalse(store.delete("certificates/example.com/key.pem"));
        assertFalse(store.delete("never/written"));

        assertTrue(store.read("certificates/example.com/key.pem").isEmpty());
        assertEquals(List.of("certificates/example.com/chain.pem"), store.list(""));
    }

    @Test
    void aDeletedBlobCanBeWrittenAgain() throws Exception {
        store.write("blobs/a", bytes("1"));
        store.delete("blobs/a");
        store.write("blobs/a", bytes("2"));

        assertArrayEquals(bytes("2"), store.read("blobs/a").orElseThrow());
    }

    @Test
    void listReturnsTheNamesUnderAPrefixSorted() throws Exception {
        List<String> names = List.of(
                "certificates/example.org/chain.pem",
                "accounts/ca/a/account.json",
                "certificates/example.com/metadata.json",
                "certificates/example.com/chain.pem",
                "certificates/example.com.au/chain.pem",
                "top");
        for (String name : names) {
            store.write(name, bytes(name));
        }

        assertEquals(names.stream().sorted().toList(), store.list(""));
        assertEquals(List.of("certificates/example.com.au/chain.pem", "certificates/example.com/chain.pem",
                "certificates/example.com/metadata.json", "certificates/example.org/chain.pem"),
                store.list("certificates/"));
        assertEquals(List.of("certificates/example.com/chain.pem", "certificates/example.com/metadata.json"),
                store.list("certificates/example.com/"));
        assertEquals(List.of("certificates/example.com.au/chain.pem", "certificates/example.com/chain.pem",
                "certificates/example.com/metadata.json"), store.list("certificates/example.com"));
        assertEquals(List.of("certificates/example.org/chain.pem"), store.list("certificates/example.o"));
        assertEquals(List.of("top"), store.list("top"));
        assertEquals(List.of(), store.list("nothing/"));
        assertEquals(List.of(), store.list("certificates/example.net/"));
    }

    @Test
    void listNeverShowsLockBookkeeping() throws Exception {
        store.write("certificates/example.com/chain.pem", bytes("chain"));
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();
        store.write("certificates/example.com/key.pem", bytes("key"), lease);
        store.release(lease);
        store.tryLock("other-lock", "a", LEASE).orElseThrow();

        assertEquals(List.of("certificates/example.com/chain.pem", "certificates/example.com/key.pem"),
                store.list(""));
    }

    // ----------------------------------------------------------------- names

    /**
     * Names that break a rule of {@link StoreNames}; every method must refuse them.
     *
     * @return the invalid names
     * @since 0.2.0
     */
    protected List<String> invalidNames() {
        return List.of("", "/etc/passwd", "a/../b", "..", "a/./b", ".", "a//b", "a/", "/", ".hidden",
                "a/.hidden", "a\\b", "a b", "a:b", "a*b", "a?b", "caf\u00e9", "a\u0000b", "a~b", "x".repeat(241),
                ("a".repeat(200) + "/").repeat(5) + "a".repeat(200));
    }

    @Test
    void everyMethodRefusesAnInvalidNameWithATypedErrorNamingIt() throws Exception {
        StoreLease lease = store.tryLock("valid", "a", LEASE).orElseThrow();
        for (String name : invalidNames()) {
            List<Callable<?>> calls = List.of(
                    () -> store.read(name),
                    () -> {
                        store.write(name, bytes("x"));
                        return null;
                    },
                    () -> {
                        store.write("valid/" + name, bytes("x"), lease);
                        return null;
                    },
                    () -> store.delete(name),
                    () -> store.delete("valid/" + name, lease),
                    () -> store.tryLock(name, "a", LEASE));
            for (Callable<?> call : calls) {
                InvalidStoreNameException e = assertThrows(InvalidStoreNameException.class, call::call,
                        () -> "name '" + name + "' was accepted");
                assertTrue(e.name().endsWith(name), () -> "error does not name '" + name + "': " + e.name());
            }
        }
        assertEquals(List.of(), store.list(""), "an invalid name was written");
    }

    @Test
    void listRefusesAnInvalidPrefix() {
        for (String prefix : List.of("/", "/a", "a//", "../", "a/../", ".locks/", "a b")) {
            assertThrows(InvalidStoreNameException.class, () -> store.list(prefix),
                    () -> "prefix '" + prefix + "' was accepted");
        }
    }

    @Test
    void namesAtTheLimitsOfTheRulesAreAccepted() throws Exception {
        List<String> names = List.of("a", "A-Z_a-z.0-9@+=", "x".repeat(StoreNames.MAX_SEGMENT_LENGTH),
                "seg/".repeat(100) + "end", "a..b/c", "wildcard_.example.com/key.pem");
        for (String name : names) {
            store.write(name, bytes(name));
        }
        for (String name : names) {
            assertArrayEquals(bytes(name), store.read(name).orElseThrow(), name);
        }
        assertEquals(names.stream().sorted().toList(), store.list(""));
    }

    @Test
    void tryLockRefusesABadOwnerOrDuration() {
        assertThrows(IllegalArgumentException.class, () -> store.tryLock("l", "", LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.tryLock("l", "a\nb", LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.tryLock("l", "a", Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> store.tryLock("l", "a", Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> store.tryLock("l", "a", StoreNames.MAX_LEASE.plusSeconds(1)));
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void concurrentWritersOfOneBlobLeaveOneCompleteVersion() throws Exception {
        int writers = 8;
        int writes = 25;
        Set<String> written = new HashSet<>();
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < writes; i++) {
                written.add(version(w, i));
            }
        }
        runConcurrently(writers, w -> {
            for (int i = 0; i < writes; i++) {
                store.write("shared/blob", bytes(version(w, i)));
                String seen = new String(store.read("shared/blob").orElseThrow(), StandardCharsets.UTF_8);
                assertTrue(written.contains(seen), () -> "torn or foreign content: " + seen);
                assertEquals(List.of("shared/blob"), store.list(""), "a write in progress was listed");
            }
        });

        String last = new String(store.read("shared/blob").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(written.contains(last), () -> "torn or foreign content: " + last);
    }

    @Test
    void concurrentWritersOfDifferentBlobsAllLand() throws Exception {
        int writers = 8;
        int writes = 10;
        runConcurrently(writers, w -> {
            for (int i = 0; i < writes; i++) {
                store.write("w" + w + "/blob" + i, bytes(version(w, i)));
            }
        });

        List<String> names = store.list("");
        assertEquals(writers * writes, names.size());
        for (int w = 0; w < writers; w++) {
            for (int i = 0; i < writes; i++) {
                assertArrayEquals(bytes(version(w, i)), store.read("w" + w + "/blob" + i).orElseThrow());
            }
        }
    }

    @Test
    void ofManyRacingForALockExactlyOneGetsIt() throws Exception {
        int racers = 8;
        List<StoreLease> winners = java.util.Collections.synchronizedList(new ArrayList<>());
        runConcurrently(racers, r -> store.tryLock("certificates/example.com", "racer-" + r, LEASE)
                .ifPresent(winners::add));

        assertEquals(1, winners.size(), () -> "winners: " + winners);
    }

    @Test
    void ofManyRacingForAnExpiredLockExactlyOneGetsIt() throws Exception {
        StoreLease crashed = store.tryLock("certificates/example.com", "crashed", LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        int racers = 8;
        List<StoreLease> winners = java.util.Collections.synchronizedList(new ArrayList<>());
        runConcurrently(racers, r -> store.tryLock("certificates/example.com", "racer-" + r, LEASE)
                .ifPresent(winners::add));

        assertEquals(1, winners.size(), () -> "winners: " + winners);
        assertTrue(winners.get(0).token() > crashed.token());
    }

    // ------------------------------------------------------------------ locks

    @Test
    void aHeldLockCannotBeTakenByAnyoneElseNorAgainByItsOwner() throws Exception {
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();

        assertEquals("certificates/example.com", lease.lockName());
        assertEquals("a", lease.owner());
        assertEquals(clock.instant().plus(LEASE), lease.expiresAt());
        assertTrue(lease.token() > 0);
        assertTrue(store.tryLock("certificates/example.com", "b", LEASE).isEmpty());
        assertTrue(store.tryLock("certificates/example.com", "a", LEASE).isEmpty());
    }

    @Test
    void locksAreIndependentOfEachOtherEvenWhenTheirNamesNest() throws Exception {
        assertTrue(store.tryLock("certificates/example.com", "a", LEASE).isPresent());
        assertTrue(store.tryLock("certificates/example.org", "b", LEASE).isPresent());
        assertTrue(store.tryLock("certificates", "c", LEASE).isPresent());
        assertTrue(store.tryLock("certificates/example.com/sub", "d", LEASE).isPresent());
    }

    @Test
    void aLockIsHeldUntilItsLeaseExpiresAndThenFreeWithAHigherToken() throws Exception {
        StoreLease first = store.tryLock("l", "a", LEASE).orElseThrow();

        clock.advance(LEASE.minusMillis(1));
        assertTrue(store.tryLock("l", "b", LEASE).isEmpty(), "taken before the lease expired");

        clock.advance(Duration.ofMillis(1));
        StoreLease second = store.tryLock("l", "b", LEASE).orElseThrow();
        assertTrue(second.token() > first.token());
        assertEquals("b", second.owner());
    }

    @Test
    void aReleasedLockIsFreeAtOnceWithAHigherToken() throws Exception {
        StoreLease first = store.tryLock("l", "a", LEASE).orElseThrow();
        store.release(first);

        StoreLease second = store.tryLock("l", "b", LEASE).orElseThrow();
        assertTrue(second.token() > first.token());
    }

    @Test
    void fencingTokensOnALockOnlyEverIncrease() throws Exception {
        long previous = 0;
        for (int i = 0; i < 20; i++) {
            StoreLease lease = store.tryLock("l", "owner-" + i, LEASE).orElseThrow();
            assertTrue(lease.token() > previous, () -> "token " + lease.token() + " after a higher one");
            previous = lease.token();
            if (i % 2 == 0) {
                store.release(lease);
            } else {
                clock.advance(LEASE);
            }
        }
    }

    @Test
    void releasingTwiceOrReleasingASupersededLeaseDoesNotFreeTheNewHoldersLock() throws Exception {
        StoreLease old = store.tryLock("l", "a", LEASE).orElseThrow();
        clock.advance(LEASE);
        StoreLease current = store.tryLock("l", "b", LEASE).orElseThrow();

        store.release(old);
        assertTrue(store.tryLock("l", "c", LEASE).isEmpty(), "a superseded lease freed the lock");

        store.release(current);
        store.release(current);
        StoreLease next = store.tryLock("l", "c", LEASE).orElseThrow();
        store.release(current);
        assertTrue(store.tryLock("l", "d", LEASE).isEmpty(), "a released lease freed the lock again");
        assertTrue(next.token() > current.token());
    }

    @Test
    void aRenewedLeaseKeepsItsTokenAndLastsLonger() throws Exception {
        StoreLease lease = store.tryLock("l", "a", LEASE).orElseThrow();
        store.write("l/blob", bytes("1"), lease);
        clock.advance(LEASE.minusSeconds(10));

        StoreLease renewed = store.renew(lease, LEASE);
        assertEquals(lease.token(), renewed.token());
        assertEquals(lease.owner(), renewed.owner());
        assertEquals(clock.instant().plus(LEASE), renewed.expiresAt());

        clock.advance(Duration.ofSeconds(20)); // past the first expiry, within the renewed one
        assertTrue(store.tryLock("l", "b", LEASE).isEmpty(), "taken while the renewed lease was current");
        store.write("l/blob", bytes("2"), renewed);
        store.write("l/blob", bytes("3"), lease); // the same lease (token), whichever copy the holder uses
        assertArrayEquals(bytes("3"), store.read("l/blob").orElseThrow());

        clock.advance(LEASE);
        assertTrue(store.tryLock("l", "b", LEASE).isPresent(), "the renewed lease never expired");
    }

    @Test
    void anExpiredLeaseCannotBeRenewedEvenIfNoOneTookTheLock() throws Exception {
        StoreLease lease = store.tryLock("l", "a", LEASE).orElseThrow();
        clock.advance(LEASE);

        LeaseLostException e = assertThrows(LeaseLostException.class, () -> store.renew(lease, LEASE));
        assertEquals(LeaseLostException.Reason.EXPIRED, e.reason());
        assertEquals(lease, e.lease());
    }

    @Test
    void aSupersededOrReleasedLeaseCannotBeRenewed() throws Exception {
        StoreLease old = store.tryLock("l", "a", LEASE).orElseThrow();
        clock.advance(LEASE);
        StoreLease current = store.tryLock("l", "b", LEASE).orElseThrow();

        assertEquals(LeaseLostException.Reason.SUPERSEDED,
                assertThrows(LeaseLostException.class, () -> store.renew(old, LEASE)).reason());

        store.release(current);
        assertEquals(LeaseLostException.Reason.RELEASED,
                assertThrows(LeaseLostException.class, () -> store.renew(current, LEASE)).reason());
    }

    // ---------------------------------------------------------------- fencing

    @Test
    void aHolderWhoseExpiredLockWasTakenCannotOverwriteTheNewHoldersWrite() throws Exception {
        StoreLease stale = store.tryLock("certificates/example.com", "paused", LEASE).orElseThrow();
        store.write("certificates/example.com/chain.pem", bytes("old chain"), stale);
        clock.advance(LEASE.plusSeconds(1));
        StoreLease fresh = store.tryLock("certificates/example.com", "fresh", LEASE).orElseThrow();
        store.write("certificates/example.com/chain.pem", bytes("new chain"), fresh);

        LeaseLostException e = assertThrows(LeaseLostException.class,
                () -> store.write("certificates/example.com/chain.pem", bytes("late write"), stale));
        assertEquals(LeaseLostException.Reason.SUPERSEDED, e.reason());
        assertEquals(Optional.of("certificates/example.com/chain.pem"), e.name());
        assertThrows(LeaseLostException.class,
                () -> store.write("certificates/example.com/key.pem", bytes("late key"), stale));
        assertThrows(LeaseLostException.class, () -> store.delete("certificates/example.com/chain.pem", stale));

        assertArrayEquals(bytes("new chain"), store.read("certificates/example.com/chain.pem").orElseThrow());
        assertTrue(store.read("certificates/example.com/key.pem").isEmpty());
    }

    @Test
    void aWriteWithAnExpiredLeaseIsRefusedEvenIfNoOneTookTheLock() throws Exception {
        StoreLease lease = store.tryLock("l", "a", LEASE).orElseThrow();
        store.write("l/blob", bytes("1"), lease);
        clock.advance(LEASE);

        LeaseLostException e = assertThrows(LeaseLostException.class,
                () -> store.write("l/blob", bytes("2"), lease));
        assertEquals(LeaseLostException.Reason.EXPIRED, e.reason());
        assertArrayEquals(bytes("1"), store.read("l/blob").orElseThrow());
    }

    @Test
    void aWriteWithAReleasedLeaseIsRefused() throws Exception {
        StoreLease lease = store.tryLock("l", "a", LEASE).orElseThrow();
        store.release(lease);

        LeaseLostException e = assertThrows(LeaseLostException.class,
                () -> store.write("l/blob", bytes("x"), lease));
        assertEquals(LeaseLostException.Reason.RELEASED, e.reason());
        assertTrue(store.read("l/blob").isEmpty());
    }

    @Test
    void aLeaseTheStoreNeverIssuedIsRefused() throws Exception {
        StoreLease real = store.tryLock("l", "a", LEASE).orElseThrow();
        StoreLease forgedToken = new StoreLease("l", "a", real.token() + 1000, real.expiresAt());
        StoreLease forgedOwner = new StoreLease("l", "mallory", real.token(), real.expiresAt());
        StoreLease neverLocked = new StoreLease("other", "a", 1, real.expiresAt());

        for (StoreLease forged : List.of(forgedToken, forgedOwner, neverLocked)) {
            assertThrows(LeaseLostException.class,
                    () -> store.write(forged.lockName() + "/blob", bytes("x"), forged), forged::toString);
            assertThrows(LeaseLostException.class, () -> store.renew(forged, LEASE), forged::toString);
        }
        assertEquals(List.of(), store.list(""));
        assertTrue(store.tryLock("l", "b", LEASE).isEmpty(), "a forged lease changed the lock");
    }

    @Test
    void aFencedWriteOrDeleteOutsideTheLeasesLockIsRefused() throws Exception {
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();

        for (String name : List.of("certificates/example.org/chain.pem", "certificates/example.com.au/chain.pem",
                "certificates/example.com", "accounts/x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> store.write(name, bytes("x"), lease), name);
            assertTrue(e.getMessage().contains(name), e::getMessage);
            assertThrows(IllegalArgumentException.class, () -> store.delete(name, lease), name);
        }
        assertEquals(List.of(), store.list(""));
    }

    @Test
    void aCurrentLeaseWritesAndDeletes() throws Exception {
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();
        store.write("certificates/example.com/key.pem", bytes("key"), lease);
        store.write("certificates/example.com/sub/dir/file", bytes("deep"), lease);

        assertArrayEquals(bytes("key"), store.read("certificates/example.com/key.pem").orElseThrow());
        assertTrue(store.delete("certificates/example.com/key.pem", lease));
        assertFalse(store.delete("certificates/example.com/key.pem", lease));
        assertEquals(List.of("certificates/example.com/sub/dir/file"), store.list(""));
    }

    @Test
    void fencedWritersRacingAcrossATakeoverNeverLoseTheNewHoldersWrite() throws Exception {
        for (int round = 0; round < 10; round++) {
            StoreLease stale = store.tryLock("r", "stale", LEASE).orElseThrow();
            clock.advance(LEASE);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> late = pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20; i++) {
                        try {
                            store.write("r/blob", bytes("stale"), stale);
                        } catch (LeaseLostException expected) {
                            return null;
                        }
                    }
                    return null;
                });
                Future<StoreLease> fresh = pool.submit(() -> {
                    go.await();
                    StoreLease lease = store.tryLock("r", "fresh", LEASE).orElseThrow();
                    store.write("r/blob", bytes("fresh"), lease);
                    return lease;
                });
                go.countDown();
                late.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                StoreLease freshLease = fresh.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                assertArrayEquals(bytes("fresh"), store.read("r/blob").orElseThrow(), "round " + round);
                store.release(freshLease);
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    // ------------------------------------------------------------ persistence

    @Test
    void blobsLocksAndTokensSurviveARestart() throws Exception {
        StoreLease lease = store.tryLock("certificates/example.com", "before", LEASE).orElseThrow();
        store.write("certificates/example.com/chain.pem", bytes("chain"), lease);
        Optional<CertificateStore> reopened = reopenStore(clock);
        Assumptions.assumeTrue(reopened.isPresent(), "the store cannot be reopened");
        CertificateStore again = reopened.get();
        try {
            assertArrayEquals(bytes("chain"), again.read("certificates/example.com/chain.pem").orElseThrow());
            assertTrue(again.tryLock("certificates/example.com", "after", LEASE).isEmpty(),
                    "a restart freed a held lock");
            again.write("certificates/example.com/chain.pem", bytes("chain 2"), lease);

            again.release(lease);
            StoreLease next = again.tryLock("certificates/example.com", "after", LEASE).orElseThrow();
            assertTrue(next.token() > lease.token(), "a restart reset the fencing token");
            assertThrows(LeaseLostException.class,
                    () -> store.write("certificates/example.com/chain.pem", bytes("stale"), lease));
        } finally {
            closeStore(again);
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Encodes a string as UTF-8.
     *
     * @param s the string
     * @return its UTF-8 bytes
     * @since 0.2.0
     */
    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String version(int writer, int write) {
        // Long and distinctive, so that a torn write cannot look like another whole version.
        return ("writer " + writer + " write " + write + " ").repeat(200);
    }

    /** A task of {@link #runConcurrently}, given its index. */
    @FunctionalInterface
    private interface Task {
        void run(int index) throws Exception;
    }

    /** Runs {@code tasks} tasks at once, started together, and fails on the first failure or a hang. */
    private static void runConcurrently(int tasks, Task task) {
        assertTimeoutPreemptively(DEADLINE, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(tasks);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < tasks; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> {
                        start.await();
                        task.run(index);
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof AssertionError a) {
                            throw a;
                        }
                        fail(e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                if (!pool.awaitTermination(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                    fail("concurrent tasks did not stop");
                }
            }
        });
    }
}
