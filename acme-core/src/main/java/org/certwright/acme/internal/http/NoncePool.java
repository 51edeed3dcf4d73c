package org.certwright.acme.internal.http;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
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
    /** Guards the counts below and is notified when a nonce or an awaited response arrives. */
    private final Object arrivals = new Object();
    private int expected;
    private int waiting;

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
        synchronized (arrivals) {
            if (waiting > 0) {
                arrivals.notifyAll();
            }
        }
    }

    /**
     * Notes a signed request in progress: from taking its nonce until its answer, which brings the
     * next nonce, has been {@linkplain #offer offered}. Every call is followed by one {@link #arrived}.
     */
    public void expect() {
        synchronized (arrivals) {
            expected++;
        }
    }

    /** Ends what {@link #expect} began: the answer arrived (its nonce offered first) or the request failed. */
    public void arrived() {
        synchronized (arrivals) {
            expected--;
            arrivals.notifyAll();
        }
    }

    /**
     * Takes a nonce for a request already {@linkplain #expect expected}, waiting up to
     * {@code maxWait} for one when more other requests are in progress (holding a nonce, sending,
     * fetching one) than callers already wait: each waiter counts on one answer, so it waits about a
     * round trip at most, which is what fetching a nonce would cost, and the answers in progress
     * serve as many requests as they can instead of each of those fetching a nonce. Otherwise, or
     * when {@code maxWait} passes, returns what the pool has, possibly nothing.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public Optional<String> poll(Duration maxWait) throws InterruptedException {
        Optional<String> now = poll();
        if (now.isPresent() || maxWait.isZero() || maxWait.isNegative()) {
            return now;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (arrivals) {
            // Each waiter counts on the answer of one other request in progress (the caller itself is
            // expected too): then none waits much longer than a round trip, what fetching costs.
            if (expected - 1 - waiting <= waiting) {
                return poll();
            }
            waiting++;
            try {
                while (true) {
                    Optional<String> nonce = poll();
                    long left = deadline - System.nanoTime();
                    if (nonce.isPresent() || left <= 0 || expected - waiting < waiting) {
                        return nonce;
                    }
                    TimeUnit.NANOSECONDS.timedWait(arrivals, left);
                }
            } finally {
                waiting--;
            }
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
