package org.certwright.acme.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease on a {@link CertificateStore} lock: proof that {@link #owner()} took the lock
 * {@link #lockName()} and holds it until {@link #expiresAt()} unless it renews or releases it.
 *
 * <p>The {@link #token() fencing token} is what makes a lease safe to use for writes: each lease
 * issued for a lock has a higher token than every earlier one, and the store refuses a write whose
 * lease is not the newest. A holder that stalled past its expiry (a long GC pause, a suspended
 * VM) and whose lock another holder took meanwhile is therefore refused with a
 * {@link LeaseLostException} instead of overwriting the newer holder's work.
 *
 * @param lockName  the lock's name (see {@link StoreNames})
 * @param owner     who holds it, as given to {@link CertificateStore#tryLock}
 * @param token     the fencing token: positive, and higher than that of every earlier lease on the lock
 * @param expiresAt when the lease ends unless renewed, by the store's clock: from this instant on
 *                  it is expired
 * @since 0.2.0
 */
public record StoreLease(String lockName, String owner, long token, Instant expiresAt) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if the token is not positive
     * @since 0.2.0
     */
    public StoreLease {
        Objects.requireNonNull(lockName, "lockName");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token <= 0) {
            throw new IllegalArgumentException("fencing token must be positive: " + token);
        }
    }

    /**
     * Whether this lease covers a blob: a lease on lock {@code L} covers the blobs whose names
     * start with {@code L/}.
     *
     * @param blobName a blob name
     * @return whether a write or delete of that blob may carry this lease
     * @since 0.2.0
     */
    public boolean covers(String blobName) {
        return blobName.startsWith(lockName + "/");
    }
}
