package org.certwright.acme.dns.internal;

import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of locks picked by record name: APIs that can only replace a whole record set make
 * adding one value a read-modify-write, and two challenges at one name (a wildcard and its base)
 * must not overwrite each other's value. Bounded (never one lock per name ever seen).
 */
public final class NameLocks {

    private final ReentrantLock[] locks;

    /** Creates 64 locks. */
    public NameLocks() {
        locks = new ReentrantLock[64];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * The lock for a name; the same for names that differ only in case.
     *
     * @param name the record name
     * @return the lock
     */
    public ReentrantLock lockFor(String name) {
        return locks[Math.floorMod(name.toLowerCase(Locale.ROOT).hashCode(), locks.length)];
    }
}
