package org.certwright.acme.challenges.internal;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a listening responder's server saw of the CA: for each challenge in flight (keyed by what
 * the server can see of it, a path or a TLS server name), a stage that completes when the first
 * validation request for it was answered. It is the source of
 * {@link org.certwright.acme.challenge.Provision#validationSeen()}.
 *
 * <p>"Seen" means the first request answered: a CA that validates from several places sends
 * several, and the issuance flow, which waits a short settle delay after the signal and then asks
 * the CA, keeps polling on its schedule if the CA has not decided yet. Keys are compared without
 * regard to case, as server names are.
 */
public final class ValidationSignals {

    /**
     * One watched challenge.
     *
     * @param key  what the server sees of it
     * @param seen completes when it was answered
     */
    public record Watch(String key, CompletableFuture<Void> seen) {

        /**
         * The signal as callers get it: they can wait on it, not complete it.
         *
         * @return a read-only view of {@link #seen()}
         */
        public CompletionStage<Void> stage() {
            return seen.minimalCompletionStage();
        }
    }

    private final ConcurrentMap<String, Watch> watched = new ConcurrentHashMap<>();

    /**
     * Starts watching for a challenge; two provisions of one key share the watch.
     *
     * @param key the path or server name the CA will ask for
     * @return the watch, to be {@linkplain #forget forgotten} when the provision is removed
     */
    public Watch watch(String key) {
        String k = normalize(key);
        return watched.computeIfAbsent(k, x -> new Watch(x, new CompletableFuture<>()));
    }

    /**
     * Notes that a validation request for a key was answered.
     *
     * @param key the path or server name that was asked for
     */
    public void seen(String key) {
        Watch w = watched.get(normalize(key));
        if (w != null) {
            w.seen().complete(null);
        }
    }

    /**
     * Stops watching, once the provision is removed.
     *
     * @param watch what {@link #watch} returned
     */
    public void forget(Watch watch) {
        watched.remove(watch.key(), watch);
    }

    /**
     * How many challenges are watched, for tests.
     *
     * @return the number of keys watched now
     */
    public int size() {
        return watched.size();
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
