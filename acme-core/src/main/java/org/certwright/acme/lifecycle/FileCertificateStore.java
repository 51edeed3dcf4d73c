package org.certwright.acme.lifecycle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.certwright.acme.internal.io.AtomicFiles;
import org.certwright.acme.internal.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * The default {@link CertificateStore}: blobs are files under a root directory, locks are files
 * under its {@code .locks} directory. Safe for many threads and for several processes on one host
 * sharing the directory (on a local file system; a network file system must support
 * {@code fcntl} locks and atomic rename).
 *
 * <h2>Layout</h2>
 * A blob named {@code a/b/c} is the file {@code <root>/a/b/c}; the manager's names are described
 * in {@link StoreLayout}. A blob file that is a symbolic link is not followed (it reads as
 * absent and is not listed). Lock files are kept when a lock is released, to keep its token. Directories are created {@code rwx------} and every blob file is
 * {@code rw-------} on POSIX file systems, since the store cannot tell which blobs hold private
 * keys. Entries whose names start with {@code .} are the store's own and are never listed:
 * <pre>
 * &lt;root&gt;/.locks/&lt;lock-name&gt;~lease   the lock's state (JSON): owner, fencing token, expiry, released
 * &lt;root&gt;/.locks/&lt;lock-name&gt;~lock    an empty file that is {@code fcntl}-locked while the state changes
 * &lt;root&gt;/**&#47;.&lt;file&gt;.&lt;random&gt;.tmp      a write in progress (or left by a crash; ignored)
 * </pre>
 *
 * <h2>Writes</h2>
 * Every write goes to a temporary file in the target's directory, which is flushed to disk and
 * renamed over the target, after which the directory is flushed as well: a crash leaves either
 * the old content or the new, plus at worst a stray temporary file that is ignored.
 *
 * <h2>Locks</h2>
 * A lock's state file keeps the newest fencing token issued for it, forever (releasing marks it
 * released instead of deleting it), so tokens keep increasing across releases and restarts.
 * Every change of the state — taking, renewing, releasing — and every fenced write happens while
 * this process holds an exclusive {@code fcntl} lock on the lock's {@code ~lock} file (and,
 * within the process, a lock shared by all instances of this class), so two processes racing to
 * take an expired lock are serialized: the second sees the first's new lease and gets nothing. A
 * crashed holder's {@code fcntl} lock goes with its process, and its lease simply expires.
 * Lease expiry is judged by this store's {@link Clock}: processes sharing a store need clocks
 * that agree to well within a lease's duration. The {@code fcntl} lock is only held for the few
 * milliseconds a state change or a write takes; a thread waits for it at most
 * {@link #MUTEX_TIMEOUT} and then fails with a {@link StoreException}.
 *
 * @since 0.2.0
 */
public final class FileCertificateStore implements CertificateStore {

    /** How long an operation waits for another thread or process to finish changing a lock's state. */
    public static final Duration MUTEX_TIMEOUT = Duration.ofSeconds(10);

    private static final String LOCKS = ".locks";
    private static final String MUTEX_SUFFIX = "~lock";
    private static final String STATE_SUFFIX = "~lease";
    private static final long MUTEX_POLL_MILLIS = 5;
    /** Lock state and a blob fit comfortably; a larger file is not ours. */
    private static final long MAX_STATE_BYTES = 64 * 1024;

    /**
     * Serializes, within this JVM, the threads that want the same {@code fcntl} lock: the JVM
     * holds such locks per process and would throw instead of waiting. Striped, so the memory
     * used is fixed however many locks there are.
     */
    private static final ReentrantLock[] STRIPES = new ReentrantLock[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new ReentrantLock();
        }
    }

    private final Path root;
    private final Clock clock;
    private final boolean posix;

    private FileCertificateStore(Path root, Clock clock, boolean posix) {
        this.root = root;
        this.clock = clock;
        this.posix = posix;
    }

    /**
     * Opens a store on {@code root}, creating the directory ({@code rwx------}) if it is missing,
     * with the system clock.
     *
     * @param root the store's root directory
     * @return the store
     * @throws StoreException if the directory cannot be created or is not a directory
     * @since 0.2.0
     */
    public static FileCertificateStore open(Path root) throws StoreException {
        return open(root, Clock.systemUTC());
    }

    /**
     * Opens a store on {@code root}, creating the directory ({@code rwx------}) if it is missing.
     *
     * @param root  the store's root directory
     * @param clock the clock that decides when leases expire
     * @return the store
     * @throws StoreException if the directory cannot be created or is not a directory
     * @since 0.2.0
     */
    public static FileCertificateStore open(Path root, Clock clock) throws StoreException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(clock, "clock");
        Path absolute = root.toAbsolutePath().normalize();
        boolean posix = absolute.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.isDirectory(absolute)) {
                if (posix) {
                    Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(absolute);
                }
            }
            // The real path, so that two stores opened through different links share the in-JVM locks.
            return new FileCertificateStore(absolute.toRealPath(), clock, posix);
        } catch (IOException e) {
            throw new StoreException("cannot open store directory " + absolute, "", e);
        }
    }

    /**
     * The store's root directory.
     *
     * @return the absolute, real path of the root
     * @since 0.2.0
     */
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String name) throws StoreException {
        Path file = blobPath(StoreNames.checkName(name));
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read " + file, name, e);
        }
    }

    @Override
    public void write(String name, byte[] content) throws StoreException {
        Objects.requireNonNull(content, "content");
        writeFile(StoreNames.checkName(name), content);
    }

    @Override
    public void write(String name, byte[] content, StoreLease lease) throws StoreException {
        StoreNames.checkName(name);
        Objects.requireNonNull(content, "content");
        StoreNames.checkCovered(name, lease);
        underMutex(lease.lockName(), () -> {
            requireCurrent(name, lease, readState(lease.lockName()));
            writeFile(name, content);
            return null;
        });
    }

    @Override
    public boolean delete(String name) throws StoreException {
        return deleteFile(StoreNames.checkName(name));
    }

    @Override
    public boolean delete(String name, StoreLease lease) throws StoreException {
        StoreNames.checkName(name);
        StoreNames.checkCovered(name, lease);
        return underMutex(lease.lockName(), () -> {
            requireCurrent(name, lease, readState(lease.lockName()));
            return deleteFile(name);
        });
    }

    @Override
    public List<String> list(String prefix) throws StoreException {
        StoreNames.checkPrefix(prefix);
        // Only the deepest directory the prefix names in full needs walking.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(start) && ours(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && !ours(file)) {
                        String name = nameOf(file);
                        if (name.startsWith(prefix)) {
                            names.add(name);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted while we walked: not there
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StoreException("cannot list " + start, prefix.isEmpty() ? "/" : prefix, e);
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    @Override
    public Optional<StoreLease> tryLock(String lockName, String owner, Duration leaseDuration) throws StoreException {
        StoreNames.checkLock(lockName, owner, leaseDuration);
        return underMutex(lockName, () -> {
            Optional<LeaseState> state = readState(lockName);
            Instant now = clock.instant();
            if (state.isPresent() && state.get().heldAt(now)) {
                return Optional.empty();
            }
            long token = state.map(s -> s.token + 1).orElse(1L);
            StoreLease lease = new StoreLease(lockName, owner, token, now.plus(leaseDuration));
            writeState(lockName, new LeaseState(owner, token, lease.expiresAt(), false));
            return Optional.of(lease);
        });
    }

    @Override
    public StoreLease renew(StoreLease lease, Duration leaseDuration) throws StoreException {
        Objects.requireNonNull(lease, "lease");
        StoreNames.checkName(lease.lockName());
        StoreNames.checkLeaseDuration(leaseDuration);
        return underMutex(lease.lockName(), () -> {
            requireCurrent(lease.lockName(), lease, readState(lease.lockName()));
            StoreLease renewed = new StoreLease(lease.lockName(), lease.owner(), lease.token(),
                    clock.instant().plus(leaseDuration));
            writeState(lease.lockName(), new LeaseState(lease.owner(), lease.token(), renewed.expiresAt(), false));
            return renewed;
        });
    }

    @Override
    public void release(StoreLease lease) throws StoreException {
        Objects.requireNonNull(lease, "lease");
        StoreNames.checkName(lease.lockName());
        underMutex(lease.lockName(), () -> {
            Optional<LeaseState> state = readState(lease.lockName());
            if (state.isPresent() && state.get().issued(lease) && !state.get().released) {
                LeaseState s = state.get();
                writeState(lease.lockName(), new LeaseState(s.owner, s.token, s.expiresAt, true));
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "FileCertificateStore[" + root + "]";
    }

    private void requireCurrent(String name, StoreLease lease, Optional<LeaseState> state) throws LeaseLostException {
        if (state.isEmpty() || !state.get().issued(lease)) {
            boolean superseded = state.isPresent() && state.get().token > lease.token();
            throw new LeaseLostException(name, lease,
                    superseded ? LeaseLostException.Reason.SUPERSEDED : LeaseLostException.Reason.NOT_ISSUED);
        }
        if (state.get().released) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.RELEASED);
        }
        if (!clock.instant().isBefore(state.get().expiresAt)) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.EXPIRED);
        }
    }

    private Path blobPath(String name) {
        return root.resolve(name);
    }

    private Path lockPath(String lockName, String suffix) {
        Path relative = root.getFileSystem().getPath(lockName);
        return root.resolve(LOCKS).resolve(relative.toString() + suffix);
    }

    private String nameOf(Path file) {
        Path relative = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : relative) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static boolean ours(Path path) {
        Path fileName = path.getFileName();
        return fileName != null && fileName.toString().startsWith(".");
    }

    private void writeFile(String name, byte[] content) throws StoreException {
        Path file = blobPath(name);
        try {
            createDirectories(file.getParent());
            AtomicFiles.write(file, content, true);
        } catch (IOException e) {
            throw new StoreException("cannot write " + file, name, e);
        }
    }

    private boolean deleteFile(String name) throws StoreException {
        Path file = blobPath(name);
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return false; // a prefix of other blobs, not a blob
            }
            boolean existed = Files.deleteIfExists(file);
            if (existed) {
                syncDirectory(file.getParent());
            }
            return existed;
        } catch (IOException e) {
            throw new StoreException("cannot delete " + file, name, e);
        }
    }

    /** Creates missing directories owner-only, each one, not only the last. */
    private void createDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (posix) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Only some platforms (Linux, macOS) can open a directory to flush it.
        }
    }

    private Optional<LeaseState> readState(String lockName) throws StoreException {
        Path file = lockPath(lockName, STATE_SUFFIX);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_STATE_BYTES) {
                throw new StoreException("lock state file " + file + " is larger than " + MAX_STATE_BYTES
                        + " bytes; not a lock state", lockName);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read lock state " + file, lockName, e);
        }
        try {
            JsonNode json = Json.parse(bytes);
            LeaseState state = new LeaseState(
                    json.required("owner").asString(),
                    json.required("token").asLong(),
                    Instant.parse(json.required("expiresAt").asString()),
                    json.required("released").asBoolean());
            if (state.token <= 0) {
                throw new IllegalArgumentException("token " + state.token + " is not positive");
            }
            return Optional.of(state);
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            // Never start the tokens again from 1: a stale holder could then pass the fencing check.
            throw new StoreException("lock state file " + file + " is corrupt (" + e.getMessage()
                    + "); it was not written by this store. Restore it, or delete it only when no holder"
                    + " of the lock is still running", lockName, e);
        }
    }

    private void writeState(String lockName, LeaseState state) throws StoreException {
        Path file = lockPath(lockName, STATE_SUFFIX);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", state.owner);
        json.put("token", state.token);
        json.put("expiresAt", state.expiresAt.toString());
        json.put("released", state.released);
        try {
            AtomicFiles.write(file, Json.write(json), true);
        } catch (IOException e) {
            throw new StoreException("cannot write lock state " + file, lockName, e);
        }
    }

    /** Runs {@code action} while holding the lock's mutex, in this JVM and across processes. */
    private <T> T underMutex(String lockName, MutexAction<T> action) throws StoreException {
        Path mutex = lockPath(lockName, MUTEX_SUFFIX);
        ReentrantLock local = STRIPES[Math.floorMod(mutex.hashCode(), STRIPES.length)];
        long deadline = System.nanoTime() + MUTEX_TIMEOUT.toNanos();
        try {
            if (!local.tryLock(MUTEX_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new StoreException("lock state busy for " + MUTEX_TIMEOUT + " in this process", lockName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the lock state", lockName, e);
        }
        try {
            createDirectories(mutex.getParent());
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(mutex, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    attributes)) {
                FileLock fileLock = tryFileLock(channel);
                while (fileLock == null) {
                    if (System.nanoTime() - deadline >= 0) {
                        throw new StoreException("lock state held by another process for " + MUTEX_TIMEOUT
                                + " (" + mutex + ")", lockName);
                    }
                    Thread.sleep(MUTEX_POLL_MILLIS);
                    fileLock = tryFileLock(channel);
                }
                // Closing the channel releases the fcntl lock, whatever the action did.
                return action.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the lock state", lockName, e);
        } catch (IOException e) {
            throw new StoreException("cannot lock " + mutex, lockName, e);
        } finally {
            local.unlock();
        }
    }

    /**
     * Null while someone else holds the lock: another process, or code in this JVM that locked the
     * file without going through this class (the JVM reports that as an overlap instead of waiting).
     */
    private static FileLock tryFileLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @FunctionalInterface
    private interface MutexAction<T> {
        T run() throws StoreException;
    }

    /** A lock's persisted state. */
    private static final class LeaseState {
        final String owner;
        final long token;
        final Instant expiresAt;
        final boolean released;

        LeaseState(String owner, long token, Instant expiresAt, boolean released) {
            this.owner = owner;
            this.token = token;
            this.expiresAt = expiresAt;
            this.released = released;
        }

        boolean heldAt(Instant now) {
            return !released && now.isBefore(expiresAt);
        }

        boolean issued(StoreLease lease) {
            return token == lease.token() && owner.equals(lease.owner());
        }
    }
}
