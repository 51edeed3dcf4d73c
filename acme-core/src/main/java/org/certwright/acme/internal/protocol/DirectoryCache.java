package org.certwright.acme.internal.protocol;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certwright.acme.Directory;
import org.certwright.acme.internal.http.Response;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AcmeProtocolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 8555 CA's directory, fetched once and cached for every session of a client: a positive
 * {@code Cache-Control: max-age} is honoured, otherwise the copy is revalidated (with
 * {@code If-None-Match} / {@code If-Modified-Since}) after the refresh interval. A failed
 * refresh keeps the cached copy in use for a while.
 *
 * <p>Thread-safe and lock-free.
 */
public final class DirectoryCache {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryCache.class);
    private static final Pattern MAX_AGE = Pattern.compile("(?i)(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})\"?");

    /** How long a cached directory stays in use after a refresh failed. */
    private static final Duration FAILED_REFRESH_BACKOFF = Duration.ofMinutes(1);

    private final URI directoryUrl;
    private final RequestSender sender;
    private final Clock clock;
    private final Duration directoryRefreshInterval;

    private final AtomicReference<CachedDirectory> cachedDirectory = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<CachedDirectory>> directoryFetch = new AtomicReference<>();

    private record CachedDirectory(Directory directory, Instant freshUntil, Optional<String> etag,
                                   Optional<String> lastModified) {
    }

    /**
     * Creates the cache.
     *
     * @param directoryRefreshInterval how long a directory stays fresh when the CA's
     *                                 {@code Cache-Control} gives no positive {@code max-age}
     */
    public DirectoryCache(URI directoryUrl, RequestSender sender, Clock clock, Duration directoryRefreshInterval) {
        this.directoryUrl = directoryUrl;
        this.sender = sender;
        this.clock = clock;
        this.directoryRefreshInterval = directoryRefreshInterval;
    }

    /** The directory URL. */
    public URI url() {
        return directoryUrl;
    }

    /**
     * The directory: the cached copy while it is fresh, otherwise fetched (one fetch at a time;
     * concurrent callers wait for it, with a deadline, or, during a revalidation, use the stale
     * copy).
     */
    public Directory directory() throws AcmeException {
        long deadline = System.nanoTime() + saturatedNanos(sender.longestOperation());
        while (true) {
            CachedDirectory current = cachedDirectory.get();
            if (current != null && clock.instant().isBefore(current.freshUntil())) {
                return current.directory();
            }
            CompletableFuture<CachedDirectory> mine = new CompletableFuture<>();
            CompletableFuture<CachedDirectory> running = directoryFetch.compareAndExchange(null, mine);
            if (running == null) {
                return fetchAsOwner(mine, current);
            }
            if (current != null) {
                return current.directory(); // another thread is revalidating; the stale copy is fine meanwhile
            }
            Optional<CachedDirectory> fetched = await(running, deadline);
            if (fetched.isPresent()) {
                return fetched.get().directory();
            }
            // The fetching thread was interrupted: that is its business, not ours. Try again.
        }
    }

    private Directory fetchAsOwner(CompletableFuture<CachedDirectory> mine, CachedDirectory current)
            throws AcmeException {
        try {
            // Another thread may have completed a fetch between the first look and winning the race.
            CachedDirectory latest = cachedDirectory.get();
            if (latest != null && clock.instant().isBefore(latest.freshUntil())) {
                mine.complete(latest);
                return latest.directory();
            }
            CachedDirectory fresh = fetchDirectory(current);
            cachedDirectory.set(fresh);
            mine.complete(fresh);
            return fresh.directory();
        } catch (AcmeException e) {
            mine.completeExceptionally(e);
            if (current != null && !(e instanceof AcmeInterruptedException)) {
                // Keep using the copy for a while, so that a CA outage does not add a failing
                // directory request (with its retries) to every operation.
                Instant retryAt = clock.instant().plus(FAILED_REFRESH_BACKOFF.compareTo(directoryRefreshInterval) < 0
                        ? FAILED_REFRESH_BACKOFF : directoryRefreshInterval);
                cachedDirectory.compareAndSet(current, new CachedDirectory(current.directory(), retryAt,
                        current.etag(), current.lastModified()));
                LOG.warn("refreshing the directory {} failed, using the cached copy until {}: {}", directoryUrl,
                        retryAt, e.getMessage());
                return current.directory();
            }
            throw e;
        } catch (RuntimeException | Error e) {
            // Waiters must not wait for a result that will never come.
            mine.completeExceptionally(e);
            throw e;
        } finally {
            directoryFetch.compareAndSet(mine, null);
        }
    }

    private CachedDirectory fetchDirectory(CachedDirectory previous) throws AcmeException {
        Map<String, String> conditional = new LinkedHashMap<>();
        if (previous != null) {
            previous.etag().ifPresent(e -> conditional.put("If-None-Match", e));
            previous.lastModified().ifPresent(l -> conditional.put("If-Modified-Since", l));
        }
        Response r = sender.get(directoryUrl, "application/json", Set.of(304), conditional);
        Instant freshUntil = clock.instant().plus(freshness(r));
        if (r.status() == 304 && previous != null) {
            return new CachedDirectory(previous.directory(), freshUntil, previous.etag(), previous.lastModified());
        }
        if (r.status() != 200) {
            throw new AcmeProtocolException("unexpected status for the directory", "GET", directoryUrl, r.status());
        }
        Directory directory = Rfc8555Parser.directory(r);
        LOG.debug("directory {} fresh until {}", directoryUrl, freshUntil);
        return new CachedDirectory(directory, freshUntil, r.header("ETag"), r.header("Last-Modified"));
    }

    /**
     * How long the response stays fresh: a positive {@code max-age} is honoured as given; without
     * one (Let's Encrypt sends {@code max-age=0, no-cache}) the session's refresh interval applies,
     * since a directory changes rarely and re-fetching it per operation doubles the requests.
     */
    private Duration freshness(Response r) {
        String cc = String.join(",", r.headers().allValues("Cache-Control"));
        Matcher m = MAX_AGE.matcher(cc);
        if (m.find()) {
            long seconds = Long.parseLong(m.group(1));
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        }
        return directoryRefreshInterval;
    }

    /**
     * Waits for another thread's fetch until {@code deadline} ({@link System#nanoTime()}).
     *
     * @return the directory, or empty if the fetching thread was interrupted
     */
    private Optional<CachedDirectory> await(CompletableFuture<CachedDirectory> running, long deadline)
            throws AcmeException {
        try {
            return Optional.of(running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeInterruptedException("GET", directoryUrl, e);
        } catch (TimeoutException e) {
            throw new AcmeNetworkException("another thread's fetch of the directory did not finish in time",
                    "GET", directoryUrl, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AcmeInterruptedException) {
                return Optional.empty();
            }
            if (cause instanceof AcmeException ae) {
                throw ae;
            }
            throw new AcmeException("fetching the directory failed: " + cause, cause);
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.min(d.toNanos(), Long.MAX_VALUE / 2);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
