package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where the lifecycle manager keeps what must outlive a process — accounts, keys, certificates
 * and their renewal state — and how several instances sharing it agree on who does what.
 *
 * <p>The SPI is deliberately small so that it can be implemented on a file system
 * ({@link FileCertificateStore}, the default), a database, S3, Redis or anything else that offers
 * an atomic compare-and-set:
 * <ul>
 *   <li><b>blobs</b>: byte arrays under {@code /}-separated names ({@link StoreNames} has the
 *       rules, {@link StoreLayout} the names the manager uses), read, written (replaced whole and
 *       atomically: a reader sees the old content or the new, never a mix), deleted and listed by
 *       prefix;</li>
 *   <li><b>locks with leases and fencing tokens</b>: {@link #tryLock} gives at most one holder at a
 *       time a {@link StoreLease} that expires unless {@link #renew renewed}, so a crashed holder
 *       does not keep a lock forever; each lease carries a fencing token higher than any issued
 *       before for that lock.</li>
 * </ul>
 *
 * <h2>Which writes carry a lease</h2>
 * A lease on lock {@code L} covers the blobs under {@code L/}. Every write or delete of a blob
 * that more than one instance may write — a certificate's key, chain and metadata under
 * {@code certificates/<id>/} (lock {@code certificates/<id>}), an account under
 * {@code accounts/<ca>/<account>/} (lock {@code accounts/<ca>/<account>}) — goes through
 * {@link #write(String, byte[], StoreLease)} or {@link #delete(String, StoreLease)} with the
 * lock's lease. The store then refuses it with a {@link LeaseLostException} unless the lease is
 * still <em>current</em>: the newest lease issued for its lock, not released and not expired by
 * the store's clock. The check and the write are atomic with respect to {@link #tryLock}, so a
 * holder whose lease expired and whose lock was taken by another can never overwrite the newer
 * holder's blobs, however late its write arrives.
 *
 * <p>The unfenced {@link #write(String, byte[])} and {@link #delete(String)} are for blobs with a
 * single writer (a store used by one process) or whose content is the same whoever writes it
 * (a challenge's key authorization, keyed by its token). They are last-writer-wins.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Implementations are thread-safe, and safe for several processes sharing the same
 *       storage where the storage allows it.</li>
 *   <li>Every method checks its names with {@link StoreNames} first and throws
 *       {@link InvalidStoreNameException} (unchecked: a programming error) for a bad one.</li>
 *   <li>Every other failure is a {@link StoreException} naming the blob, prefix or lock.</li>
 *   <li>Lease expiry is decided by the {@link java.time.Clock} the implementation was given.</li>
 *   <li>No method waits without a deadline.</li>
 * </ul>
 * The {@code acme-store-testkit} module has an abstract JUnit 5 test,
 * {@code CertificateStoreContract}, that checks all of this for any implementation.
 *
 * @since 0.2.0
 */
public interface CertificateStore {

    /**
     * Reads a blob.
     *
     * @param name the blob's name
     * @return its content, or empty if there is no such blob
     * @throws StoreException if it exists but cannot be read
     * @since 0.2.0
     */
    Optional<byte[]> read(String name) throws StoreException;

    /**
     * Creates or replaces a blob atomically, without fencing (last writer wins). Use
     * {@link #write(String, byte[], StoreLease)} for blobs several instances may write.
     *
     * @param name    the blob's name
     * @param content its complete new content
     * @throws StoreException if it cannot be written; the old content, if any, is then unchanged
     * @since 0.2.0
     */
    void write(String name, byte[] content) throws StoreException;

    /**
     * Creates or replaces a blob atomically, provided {@code lease} is still the current lease of
     * its lock. The check and the write are one atomic step with respect to {@link #tryLock}.
     *
     * @param name    the blob's name, under {@code lease.lockName() + "/"}
     * @param content its complete new content
     * @param lease   the lease of the lock that covers the blob
     * @throws LeaseLostException       if the lease is no longer current; nothing was written
     * @throws StoreException           if it cannot be written; the old content is then unchanged
     * @throws IllegalArgumentException if the lease does not cover the blob
     * @since 0.2.0
     */
    void write(String name, byte[] content, StoreLease lease) throws StoreException;

    /**
     * Deletes a blob, without fencing.
     *
     * @param name the blob's name
     * @return whether it existed
     * @throws StoreException if it cannot be deleted
     * @since 0.2.0
     */
    boolean delete(String name) throws StoreException;

    /**
     * Deletes a blob, provided {@code lease} is still the current lease of its lock.
     *
     * @param name  the blob's name, under {@code lease.lockName() + "/"}
     * @param lease the lease of the lock that covers the blob
     * @return whether it existed
     * @throws LeaseLostException       if the lease is no longer current; nothing was deleted
     * @throws StoreException           if it cannot be deleted
     * @throws IllegalArgumentException if the lease does not cover the blob
     * @since 0.2.0
     */
    boolean delete(String name, StoreLease lease) throws StoreException;

    /**
     * Lists the blobs whose names start with {@code prefix}.
     *
     * @param prefix empty for all blobs, or a name prefix such as {@code certificates/} or
     *               {@code certificates/example.com/}; matched character for character
     * @return the names, sorted, without duplicates; never the implementation's own bookkeeping
     * @throws StoreException if the store cannot be listed
     * @since 0.2.0
     */
    List<String> list(String prefix) throws StoreException;

    /**
     * Takes a lock if no one holds it: it is free if it was never taken, was released, or its
     * last lease expired. Does not wait for a holder to let go; callers retry on their own
     * schedule. A lock held by the same {@code owner} is held all the same: locks are not
     * reentrant.
     *
     * @param lockName      the lock's name (a valid name; it covers the blobs under {@code lockName/})
     * @param owner         who takes it, for diagnostics (an instance id, a host name and pid)
     * @param leaseDuration how long the lease lasts unless renewed (at most {@link StoreNames#MAX_LEASE})
     * @return the new lease, with a fencing token higher than any issued before for this lock, or
     *         empty if another lease is current
     * @throws StoreException if the lock's state cannot be read or written
     * @since 0.2.0
     */
    Optional<StoreLease> tryLock(String lockName, String owner, Duration leaseDuration) throws StoreException;

    /**
     * Extends a current lease to {@code leaseDuration} from now. The fencing token stays the same.
     * A lease that has expired cannot be renewed, even if no one took the lock meanwhile: the
     * holder must take the lock again, and gets a new token.
     *
     * @param lease         the current lease
     * @param leaseDuration how long it lasts from now (at most {@link StoreNames#MAX_LEASE})
     * @return the lease with its new expiry
     * @throws LeaseLostException if the lease is no longer current
     * @throws StoreException     if the lock's state cannot be read or written
     * @since 0.2.0
     */
    StoreLease renew(StoreLease lease, Duration leaseDuration) throws StoreException;

    /**
     * Releases a lease, so that the lock is free at once instead of when the lease expires.
     * Releasing a lease that is no longer current (released, or superseded by a newer holder) does
     * nothing, so that it is safe in a {@code finally} block and never frees a newer holder's lock.
     * An expired lease that no one has superseded is released.
     *
     * @param lease the lease
     * @throws StoreException if the lock's state cannot be read or written
     * @since 0.2.0
     */
    void release(StoreLease lease) throws StoreException;
}
