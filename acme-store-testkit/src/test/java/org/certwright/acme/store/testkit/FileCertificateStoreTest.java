package org.certwright.acme.store.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.lifecycle.FileCertificateStore;
import org.certwright.acme.lifecycle.StoreException;
import org.certwright.acme.lifecycle.StoreLayout;
import org.certwright.acme.lifecycle.StoreLease;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file-system store does beyond the contract: its layout, permissions, crashes and processes. */
class FileCertificateStoreTest {

    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path directory;

    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-03-01T12:00:00Z"));

    @Test
    void blobsAreFilesAtTheDocumentedPathsAndLocksLiveUnderDotLocks() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        String id = StoreLayout.certificateId("*.Example.com");
        StoreLease lease = store.tryLock(StoreLayout.certificateLock(id), "host-1", LEASE).orElseThrow();
        store.write(StoreLayout.certificateChain(id), bytes("chain"), lease);
        store.write(StoreLayout.accountJson("ca", "default"), bytes("{}"));

        Path root = store.root();
        assertArrayEquals(bytes("chain"), Files.readAllBytes(root.resolve("certificates/wildcard_.example.com/chain.pem")));
        assertArrayEquals(bytes("{}"), Files.readAllBytes(root.resolve("accounts/ca/default/account.json")));
        String state = Files.readString(root.resolve(".locks/certificates/wildcard_.example.com~lease"));
        assertTrue(state.contains("\"owner\":\"host-1\""), state);
        assertTrue(state.contains("\"token\":" + lease.token()), state);
        assertTrue(state.contains("\"expiresAt\":\"2026-03-01T12:05:00Z\""), state);
        assertTrue(Files.exists(root.resolve(".locks/certificates/wildcard_.example.com~lock")));
    }

    @Test
    void filesAreOwnerOnlyAndDirectoriesToo() throws Exception {
        Assumptions.assumeTrue(directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();
        store.write("certificates/example.com/key.pem", bytes("key"), lease);
        store.write("accounts/ca/default/key.pem", bytes("key"));

        Path root = store.root();
        for (String dir : List.of("", "certificates", "certificates/example.com", "accounts", "accounts/ca",
                "accounts/ca/default", ".locks", ".locks/certificates")) {
            assertEquals("rwx------", permissions(root.resolve(dir)), dir);
        }
        for (String file : List.of("certificates/example.com/key.pem", "accounts/ca/default/key.pem",
                ".locks/certificates/example.com~lease", ".locks/certificates/example.com~lock")) {
            assertEquals("rw-------", permissions(root.resolve(file)), file);
        }
    }

    @Test
    void aCrashMidWriteLeavesTheOldContentAndAStrayTempFileThatIsIgnored() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        StoreLease lease = store.tryLock("certificates/example.com", "a", LEASE).orElseThrow();
        store.write("certificates/example.com/chain.pem", bytes("good chain"), lease);
        // What a process killed between creating the temporary file and renaming it leaves behind.
        Path dir = store.root().resolve("certificates/example.com");
        Files.write(dir.resolve(".chain.pem.8734512.tmp"), bytes("half a ch"));
        Files.write(store.root().resolve(".locks/certificates/.example.com~lease.991.tmp"), bytes("{\"own"));

        FileCertificateStore restarted = FileCertificateStore.open(directory.resolve("store"), clock);
        assertArrayEquals(bytes("good chain"), restarted.read("certificates/example.com/chain.pem").orElseThrow());
        assertEquals(List.of("certificates/example.com/chain.pem"), restarted.list(""));
        assertEquals(List.of("certificates/example.com/chain.pem"), restarted.list("certificates/example.com/"));
        assertTrue(restarted.tryLock("certificates/example.com", "b", LEASE).isEmpty(), "the lease was lost");
        restarted.write("certificates/example.com/chain.pem", bytes("next chain"), lease);
        assertArrayEquals(bytes("next chain"), restarted.read("certificates/example.com/chain.pem").orElseThrow());
    }

    @Test
    void aCrashedHoldersLockIsTakenOnceItsLeaseExpiresAndItsBlobsAreKept() throws Exception {
        Path root = directory.resolve("store");
        // What a holder that died without releasing leaves: its blobs, and its lock state file.
        Files.createDirectories(root.resolve("certificates/example.com"));
        Files.write(root.resolve("certificates/example.com/key.pem"), bytes("key"));
        Files.write(root.resolve("certificates/example.com/chain.pem"), bytes("chain"));
        Files.createDirectories(root.resolve(".locks/certificates"));
        Files.writeString(root.resolve(".locks/certificates/example.com~lease"),
                "{\"owner\":\"host-9 pid 4242\",\"token\":41,\"expiresAt\":\"2026-03-01T12:01:00Z\",\"released\":false}");
        FileCertificateStore store = FileCertificateStore.open(root, clock);

        assertTrue(store.tryLock("certificates/example.com", "host-1", LEASE).isEmpty(), "taken before expiry");
        clock.advance(Duration.ofMinutes(1));
        StoreLease lease = store.tryLock("certificates/example.com", "host-1", LEASE).orElseThrow();

        assertEquals(42, lease.token());
        assertArrayEquals(bytes("key"), store.read("certificates/example.com/key.pem").orElseThrow());
        assertArrayEquals(bytes("chain"), store.read("certificates/example.com/chain.pem").orElseThrow());
        StoreLease crashed = new StoreLease("certificates/example.com", "host-9 pid 4242", 41,
                Instant.parse("2026-03-01T12:01:00Z"));
        assertThrows(StoreException.class,
                () -> store.write("certificates/example.com/chain.pem", bytes("zombie"), crashed));
    }

    @Test
    void aCorruptLockStateIsReportedNotResetSoTokensNeverGoBackwards() throws Exception {
        Path root = directory.resolve("store");
        Files.createDirectories(root.resolve(".locks"));
        Files.writeString(root.resolve(".locks/l~lease"), "{\"owner\":\"a\",\"tok");
        FileCertificateStore store = FileCertificateStore.open(root, clock);

        StoreException e = assertThrows(StoreException.class, () -> store.tryLock("l", "b", LEASE));
        assertEquals(Optional.of("l"), e.name());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aBlobWhereADirectoryIsNeededIsATypedErrorNamingTheBlob() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        store.write("a", bytes("file"));

        StoreException e = assertThrows(StoreException.class, () -> store.write("a/b", bytes("x")));
        assertEquals(Optional.of("a/b"), e.name());
        store.write("c/d", bytes("x"));
        assertTrue(store.read("c").isEmpty(), "a directory read as a blob");
        assertFalse(store.delete("c"));
        assertArrayEquals(bytes("file"), store.read("a").orElseThrow());
    }

    @Test
    void aRootThatIsAFileIsATypedErrorAboutTheWholeStore() throws Exception {
        Path file = Files.write(directory.resolve("not-a-directory"), bytes("x"));

        StoreException e = assertThrows(StoreException.class, () -> FileCertificateStore.open(file, clock));
        assertEquals(Optional.empty(), e.name());
        assertTrue(e.getMessage().startsWith("cannot open store directory " + file), e.getMessage());
    }

    @Test
    void anInterruptedWaitIsReportedAndTheInterruptKept() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        Thread.currentThread().interrupt();
        try {
            StoreException e = assertThrows(StoreException.class, () -> store.tryLock("l", "a", LEASE));
            assertTrue(e.getCause() instanceof InterruptedException, () -> "cause: " + e.getCause());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
        } finally {
            Thread.interrupted();
        }
        assertTrue(store.tryLock("l", "a", LEASE).isPresent());
    }

    @Test
    void aLockFileHeldByOthersForeverFailsTheCallAfterTheMutexTimeout() throws Exception {
        FileCertificateStore store = FileCertificateStore.open(directory.resolve("store"), clock);
        store.tryLock("l", "a", LEASE).orElseThrow();
        // Whoever holds the fcntl lock (here this JVM, as a stuck process would) never lets go.
        try (FileChannel channel = FileChannel.open(store.root().resolve(".locks/l~lock"), StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            StoreException e = assertTimeoutPreemptively(FileCertificateStore.MUTEX_TIMEOUT.multipliedBy(3),
                    () -> assertThrows(StoreException.class, () -> store.tryLock("l", "b", LEASE)));
            assertEquals(Optional.of("l"), e.name());
            assertTrue(e.getMessage().contains("held by another process"), e.getMessage());
            assertTrue(held.isValid(), "the store took the lock away");
        }
        assertTrue(store.tryLock("l", "b", LEASE).isEmpty(), "the lease was lost");
    }

    @Test
    void processesIncrementingACounterUnderTheLockLoseNoUpdate() throws Exception {
        Path root = directory.resolve("store");
        FileCertificateStore.open(root);
        int processes = 3;
        int rounds = 30;
        List<String> output = runChildren(processes, i -> List.of("increment", root.toString(), "p" + i,
                Integer.toString(rounds)), () -> { });

        FileCertificateStore store = FileCertificateStore.open(root);
        assertEquals(Integer.toString(processes * rounds),
                new String(store.read("counter/value").orElseThrow(), StandardCharsets.US_ASCII));
        Set<String> tokens = new HashSet<>(output);
        assertEquals(processes * rounds, tokens.size(), "a fencing token was issued twice");
    }

    @Test
    void processesRacingForAnExpiredLockLetExactlyOneTakeIt() throws Exception {
        Path root = directory.resolve("store");
        FileCertificateStore store = FileCertificateStore.open(root);
        StoreLease crashed = store.tryLock("expired", "crashed", Duration.ofMillis(1)).orElseThrow();
        Thread.sleep(5);
        int processes = 4;
        Path barrier = Files.createDirectory(directory.resolve("barrier"));
        List<String> output = runChildren(processes, i -> List.of("race", root.toString(), "p" + i,
                barrier.toString()), () -> {
                    // Started together once every JVM is up, so that they really race.
                    while (entries(barrier) < processes) {
                        Thread.sleep(10);
                    }
                    Files.createFile(barrier.resolve("go"));
                });

        assertEquals(List.of("token " + (crashed.token() + 1)), output);
    }

    private interface Arguments {
        List<String> of(int index);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs JVMs on this test's class path and returns their output lines; fails if one fails or hangs. */
    private static List<String> runChildren(int count, Arguments arguments, Step whenStarted) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                        StoreChild.class.getName()));
                command.addAll(arguments.of(i));
                processes.add(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                whenStarted.run();
                for (Process p : processes) {
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
                    assertEquals(0, p.exitValue(), () -> "child failed; its output: " + out);
                    out.lines().filter(l -> !l.isBlank()).forEach(lines::add);
                }
            });
        } finally {
            for (Process p : processes) {
                p.destroyForcibly();
            }
        }
        return lines;
    }

    private static long entries(Path directory) throws IOException {
        try (var list = Files.list(directory)) {
            return list.count();
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
