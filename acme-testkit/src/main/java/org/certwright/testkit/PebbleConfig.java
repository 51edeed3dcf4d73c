package org.certwright.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of one Pebble instance: the values of a {@link Pebble @Pebble} annotation.
 * Two tests whose configurations are equal share one Pebble process.
 *
 * @param eab                whether external account binding is required
 * @param alternateRoots     number of alternate chains, 0 for none
 * @param chainLength        intermediates between leaf and root, 0 for Pebble's default
 * @param nonceRejectPercent percentage of good nonces rejected, or {@link Pebble#PEBBLE_DEFAULT}
 * @param authzReusePercent  percentage of authorization reuse, or {@link Pebble#PEBBLE_DEFAULT}
 * @param retryAfterAuthz    {@code Retry-After} seconds on authorizations, 0 to leave out
 * @param retryAfterOrder    {@code Retry-After} seconds on orders, 0 to leave out
 * @param ordersPerPage      orders per page, 0 for Pebble's default
 * @param profiles           whether the profiles {@code default} and {@code shortlived} are configured
 * @param strict             whether {@code -strict} is passed
 */
public record PebbleConfig(
        boolean eab,
        int alternateRoots,
        int chainLength,
        int nonceRejectPercent,
        int authzReusePercent,
        int retryAfterAuthz,
        int retryAfterOrder,
        int ordersPerPage,
        boolean profiles,
        boolean strict) {

    /** The external account binding keys (key id → base64url MAC key) of Pebble's example configuration. */
    static final Map<String, String> EAB_KEYS = eabKeys();

    /** The first Pebble version that reads {@code retryAfter} from its configuration. */
    static final PebbleVersion RETRY_AFTER_SINCE = PebbleVersion.of(2, 5);

    /** The first Pebble version with certificate profiles. */
    static final PebbleVersion PROFILES_SINCE = PebbleVersion.of(2, 7);

    /**
     * Checks the values.
     *
     * @param eab                whether external account binding is required
     * @param alternateRoots     number of alternate chains, 0 for none
     * @param chainLength        intermediates between leaf and root, 0 for Pebble's default
     * @param nonceRejectPercent 0 to 100, or {@link Pebble#PEBBLE_DEFAULT}
     * @param authzReusePercent  0 to 100, or {@link Pebble#PEBBLE_DEFAULT}
     * @param retryAfterAuthz    seconds, 0 to leave out
     * @param retryAfterOrder    seconds, 0 to leave out
     * @param ordersPerPage      orders per page, 0 for Pebble's default
     * @param profiles           whether the profiles are configured
     * @param strict             whether {@code -strict} is passed
     * @throws IllegalArgumentException if a count is negative or a percentage is out of range
     */
    public PebbleConfig {
        requireAtLeast("alternateRoots", alternateRoots, 0);
        requireAtLeast("chainLength", chainLength, 0);
        requirePercent("nonceRejectPercent", nonceRejectPercent);
        requirePercent("authzReusePercent", authzReusePercent);
        requireAtLeast("retryAfterAuthz", retryAfterAuthz, 0);
        requireAtLeast("retryAfterOrder", retryAfterOrder, 0);
        requireAtLeast("ordersPerPage", ordersPerPage, 0);
    }

    /**
     * The configuration used when a test has no {@link Pebble @Pebble} annotation.
     *
     * @return the defaults of {@link Pebble}
     */
    public static PebbleConfig defaults() {
        return new PebbleConfig(false, 0, 0, Pebble.PEBBLE_DEFAULT, Pebble.PEBBLE_DEFAULT, 0, 0, 0, false, false);
    }

    /**
     * The configuration an annotation asks for.
     *
     * @param pebble the annotation
     * @return its values
     * @throws IllegalArgumentException if a value is out of range
     */
    public static PebbleConfig of(Pebble pebble) {
        return new PebbleConfig(pebble.eab(), pebble.alternateRoots(), pebble.chainLength(),
                pebble.nonceRejectPercent(), pebble.authzReusePercent(), pebble.retryAfterAuthz(),
                pebble.retryAfterOrder(), pebble.ordersPerPage(), pebble.profiles(), pebble.strict());
    }

    /**
     * Why a Pebble version cannot serve this configuration, if it cannot.
     *
     * @param version the installed Pebble's version
     * @return a message naming the missing feature, or empty when the version has all it needs
     */
    Optional<String> unsupportedBy(PebbleVersion version) {
        if (profiles && !version.atLeast(PROFILES_SINCE)) {
            return Optional.of("profiles need Pebble " + PROFILES_SINCE + " or newer, installed is " + version);
        }
        if ((retryAfterAuthz > 0 || retryAfterOrder > 0) && !version.atLeast(RETRY_AFTER_SINCE)) {
            return Optional.of("Retry-After needs Pebble " + RETRY_AFTER_SINCE + " or newer, installed is " + version);
        }
        return Optional.empty();
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException("@Pebble(" + name + " = " + value + "): must be at least " + min);
        }
    }

    private static void requirePercent(String name, int value) {
        if (value != Pebble.PEBBLE_DEFAULT && (value < 0 || value > 100)) {
            throw new IllegalArgumentException("@Pebble(" + name + " = " + value
                    + "): must be 0 to 100, or Pebble.PEBBLE_DEFAULT");
        }
    }

    private static Map<String, String> eabKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("kid-1", "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W");
        keys.put("kid-2", "b10lLJs8l1GPIzsLP0s6pMt8O0XVGnfTaCeROxQM0BIt2XrJMDHJZBM5NuQmQJQH");
        keys.put("kid-3", "HjudV5qnbreN-n9WyFSH-t4HXuEx_XFen45zuxY-G1h6fr74V3cUM_dVlwQZBWmc");
        return Collections.unmodifiableMap(keys);
    }
}
