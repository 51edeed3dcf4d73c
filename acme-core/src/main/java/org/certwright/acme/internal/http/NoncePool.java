package org.certwright.acme.internal.http;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Anti-replay nonces (RFC 8555 §6.5) waiting to be used, fed by the {@code Replay-Nonce} of every
 * response, so that a fresh nonce is fetched from {@code newNonce} only when none is left.
 *
 * <p>Lock-free. The newest nonce is handed out first: it is the least likely to have expired on
 * the server. Beyond the capacity the oldest are dropped, since a server only remembers so many.
 */
public final class NoncePool {

    /** RFC 8555 §6.5.1: a nonce is base64url; anything else must be ignored. */
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{1,512}");

    private final ConcurrentLinkedDeque<String> nonces = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    /** Creates a pool that keeps at most {@code capacity} nonces. */
    public NoncePool(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Whether a header value is a syntactically valid nonce. */
    public static boolean isValid(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** Adds a nonce; invalid values are ignored. */
    public void offer(String nonce) {
        if (!isValid(nonce)) {
            return;
        }
        nonces.addFirst(nonce);
        if (size.incrementAndGet() > capacity && nonces.pollLast() != null) {
            size.decrementAndGet();
        }
    }

    /** Takes a nonce, if one is available. */
    public Optional<String> poll() {
        String nonce = nonces.pollFirst();
        if (nonce != null) {
            size.decrementAndGet();
        }
        return Optional.ofNullable(nonce);
    }

    /**
     * Takes a particular nonce out of the pool, so that no other request uses it: the nonce of a
     * {@code badNonce} error response, which the failed request retries with.
     *
     * @return whether the nonce was in the pool (another thread may have taken it first)
     */
    public boolean claim(String nonce) {
        if (nonces.remove(nonce)) {
            size.decrementAndGet();
            return true;
        }
        return false;
    }

    /** How many nonces are waiting. */
    public int size() {
        return Math.max(0, size.get());
    }
}
