package org.certwright.acme.lifecycle;

import java.util.Objects;

/**
 * A lease was used (to write, delete or renew) after it stopped being the current lease of its
 * lock. Its holder must stop acting on the lock's behalf: another holder may own it now, and the
 * store refused the operation so that a late holder cannot overwrite a newer holder's work.
 *
 * @since 0.2.0
 */
public class LeaseLostException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Why a lease is no longer current.
     *
     * @since 0.2.0
     */
    public enum Reason {
        /** A newer lease (with a higher fencing token) was issued for the lock after this one expired. */
        SUPERSEDED,
        /** The lease was released. */
        RELEASED,
        /** The lease's expiry has passed; no other holder has taken the lock yet. */
        EXPIRED,
        /** The store never issued this lease (wrong store, or a forged or corrupted lease). */
        NOT_ISSUED
    }

    private final transient StoreLease lease;
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param blobName the blob the operation was about, or the lock name for a renewal
     * @param lease    the lease that is no longer current
     * @param reason   why it is no longer current
     * @since 0.2.0
     */
    public LeaseLostException(String blobName, StoreLease lease, Reason reason) {
        super("lease on lock '" + lease.lockName() + "' with fencing token " + lease.token()
                + " held by '" + lease.owner() + "' is no longer current: "
                + Objects.requireNonNull(reason, "reason").toString().toLowerCase(java.util.Locale.ROOT), blobName);
        this.lease = lease;
        this.reason = reason;
    }

    /**
     * The lease that was refused.
     *
     * @return the lease
     * @since 0.2.0
     */
    public StoreLease lease() {
        return lease;
    }

    /**
     * Why the lease is no longer current.
     *
     * @return the reason
     * @since 0.2.0
     */
    public Reason reason() {
        return reason;
    }
}
