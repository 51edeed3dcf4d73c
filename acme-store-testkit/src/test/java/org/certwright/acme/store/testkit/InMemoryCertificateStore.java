package org.certwright.acme.store.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.lifecycle.LeaseLostException;
import org.certwright.acme.lifecycle.StoreLease;
import org.certwright.acme.lifecycle.StoreNames;

/**
 * The smallest correct {@link CertificateStore}: it shows what an implementation on another
 * storage has to do, and, given a {@link Defect}, gets one thing wrong on purpose so that
 * {@link ContractCatchesBrokenStoresTest} can show that the contract notices.
 */
final class InMemoryCertificateStore implements CertificateStore {

    /** A mistake to make on purpose. */
    enum Defect {
        NONE,
        /** Fenced writes do not check the lease. */
        NO_FENCING,
        /** A lock can be taken while its lease is current. */
        NO_EXCLUSION,
        /** Releasing forgets the lock, so tokens start again at 1. */
        TOKENS_RESTART_AFTER_RELEASE,
        /** Hands out the stored array instead of a copy. */
        SHARES_ARRAYS,
        /** Does not validate names. */
        NO_NAME_CHECK
    }

    private record LockState(String owner, long token, Instant expiresAt, boolean released) {
    }

    private final Clock clock;
    private final Defect defect;
    private final Map<String, byte[]> blobs = new TreeMap<>();
    private final Map<String, LockState> locks = new HashMap<>();

    InMemoryCertificateStore(Clock clock, Defect defect) {
        this.clock = clock;
        this.defect = defect;
    }

    @Override
    public synchronized Optional<byte[]> read(String name) {
        checkName(name);
        return Optional.ofNullable(blobs.get(name)).map(this::copy);
    }

    @Override
    public synchronized void write(String name, byte[] content) {
        checkName(name);
        blobs.put(name, copy(content));
    }

    @Override
    public synchronized void write(String name, byte[] content, StoreLease lease) throws LeaseLostException {
        checkName(name);
        StoreNames.checkCovered(name, lease);
        requireCurrent(name, lease);
        blobs.put(name, copy(content));
    }

    @Override
    public synchronized boolean delete(String name) {
        checkName(name);
        return blobs.remove(name) != null;
    }

    @Override
    public synchronized boolean delete(String name, StoreLease lease) throws LeaseLostException {
        checkName(name);
        StoreNames.checkCovered(name, lease);
        requireCurrent(name, lease);
        return blobs.remove(name) != null;
    }

    @Override
    public synchronized List<String> list(String prefix) {
        StoreNames.checkPrefix(prefix);
        return blobs.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
    }

    @Override
    public synchronized Optional<StoreLease> tryLock(String lockName, String owner, Duration leaseDuration) {
        StoreNames.checkLock(lockName, owner, leaseDuration);
        LockState state = locks.get(lockName);
        Instant now = clock.instant();
        if (state != null && !state.released() && now.isBefore(state.expiresAt()) && defect != Defect.NO_EXCLUSION) {
            return Optional.empty();
        }
        long token = state == null ? 1 : state.token() + 1;
        StoreLease lease = new StoreLease(lockName, owner, token, now.plus(leaseDuration));
        locks.put(lockName, new LockState(owner, token, lease.expiresAt(), false));
        return Optional.of(lease);
    }

    @Override
    public synchronized StoreLease renew(StoreLease lease, Duration leaseDuration) throws LeaseLostException {
        StoreNames.checkLeaseDuration(leaseDuration);
        requireCurrent(lease.lockName(), lease);
        StoreLease renewed = new StoreLease(lease.lockName(), lease.owner(), lease.token(),
                clock.instant().plus(leaseDuration));
        locks.put(lease.lockName(), new LockState(lease.owner(), lease.token(), renewed.expiresAt(), false));
        return renewed;
    }

    @Override
    public synchronized void release(StoreLease lease) {
        LockState state = locks.get(lease.lockName());
        if (state != null && state.token() == lease.token() && state.owner().equals(lease.owner())) {
            if (defect == Defect.TOKENS_RESTART_AFTER_RELEASE) {
                locks.remove(lease.lockName());
            } else {
                locks.put(lease.lockName(), new LockState(state.owner(), state.token(), state.expiresAt(), true));
            }
        }
    }

    private void requireCurrent(String name, StoreLease lease) throws LeaseLostException {
        if (defect == Defect.NO_FENCING) {
            return;
        }
        LockState state = locks.get(lease.lockName());
        if (state == null || state.token() != lease.token() || !state.owner().equals(lease.owner())) {
            throw new LeaseLostException(name, lease, state != null && state.token() > lease.token()
                    ? LeaseLostException.Reason.SUPERSEDED : LeaseLostException.Reason.NOT_ISSUED);
        }
        if (state.released()) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.RELEASED);
        }
        if (!clock.instant().isBefore(state.expiresAt())) {
            throw new LeaseLostException(name, lease, LeaseLostException.Reason.EXPIRED);
        }
    }

    private void checkName(String name) {
        if (defect != Defect.NO_NAME_CHECK) {
            StoreNames.checkName(name);
        }
    }

    private byte[] copy(byte[] content) {
        return defect == Defect.SHARES_ARRAYS ? content : content.clone();
    }
}
