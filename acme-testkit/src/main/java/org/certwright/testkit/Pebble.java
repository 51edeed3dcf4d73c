package org.certwright.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asks for a running Pebble CA configured as described, and registers {@link PebbleExtension}.
 *
 * <p>Put it on a test class, on a test method (which then ignores the class's annotation), or on a
 * {@link PebbleServer} / {@link ChallTestServer} parameter (which then ignores both). Without any
 * {@code @Pebble} the defaults below apply. Every distinct configuration gets its own Pebble process,
 * shared by all the tests of the run that ask for the same configuration.
 *
 * <p>The defaults keep Pebble's own behaviour where the client must cope with it: 5% of good nonces
 * are rejected, valid authorizations are reused half of the time, orders are listed three per page.
 * Validation is always real ({@code PEBBLE_VA_ALWAYS_VALID} is never set), but without Pebble's
 * random sleeps ({@code PEBBLE_VA_NOSLEEP=1}).
 *
 * <pre>{@code
 * @Pebble(eab = true)
 * class ExternalAccountBindingIT {
 *     @Test
 *     void binds(PebbleServer pebble) { ... pebble.eabKeys() ... }
 *
 *     @Test
 *     @Pebble(nonceRejectPercent = 0, authzReusePercent = 0)
 *     void deterministic(PebbleServer pebble) { ... }
 * }
 * }</pre>
 *
 * @see PebbleConfig
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@ExtendWith(PebbleExtension.class)
public @interface Pebble {

    /** Value of the percentage attributes that leaves Pebble's own default in force. */
    int PEBBLE_DEFAULT = -1;

    /**
     * Whether new accounts need an external account binding. The MAC keys are
     * {@link PebbleServer#eabKeys()}.
     *
     * @return {@code true} to require external account binding
     */
    boolean eab() default false;

    /**
     * Number of alternate root/intermediate chains ({@code PEBBLE_ALTERNATE_ROOTS}); certificates
     * then come with {@code Link: rel="alternate"} chains.
     *
     * @return the number of alternate chains, 0 for none
     */
    int alternateRoots() default 0;

    /**
     * Number of intermediates between leaf and root ({@code PEBBLE_CHAIN_LENGTH}).
     *
     * @return the chain length, 0 for Pebble's default (one intermediate)
     */
    int chainLength() default 0;

    /**
     * Percentage of good nonces rejected as {@code badNonce} ({@code PEBBLE_WFE_NONCEREJECT}).
     *
     * @return 0 to 100, or {@link #PEBBLE_DEFAULT} for Pebble's 5%
     */
    int nonceRejectPercent() default PEBBLE_DEFAULT;

    /**
     * Percentage of new orders that reuse a valid authorization ({@code PEBBLE_AUTHZREUSE}).
     *
     * @return 0 to 100, or {@link #PEBBLE_DEFAULT} for Pebble's 50%
     */
    int authzReusePercent() default PEBBLE_DEFAULT;

    /**
     * {@code Retry-After} seconds on pending authorizations (config {@code retryAfter.authz};
     * Pebble 2.5 or newer).
     *
     * @return seconds, 0 to leave it out of the configuration
     */
    int retryAfterAuthz() default 0;

    /**
     * {@code Retry-After} seconds on processing orders (config {@code retryAfter.order};
     * Pebble 2.5 or newer).
     *
     * @return seconds, 0 to leave it out of the configuration
     */
    int retryAfterOrder() default 0;

    /**
     * Orders per page of an account's orders list ({@code PEBBLE_WFE_ORDERS_PER_PAGE}).
     *
     * @return orders per page, 0 for Pebble's default of 3
     */
    int ordersPerPage() default 0;

    /**
     * Whether to configure the profiles {@code default} (90 days) and {@code shortlived} (6 days)
     * as in Pebble's example configuration (Pebble 2.7 or newer; older versions skip the test).
     *
     * @return {@code true} to configure the profiles
     */
    boolean profiles() default false;

    /**
     * Whether to pass {@code -strict}, which turns on Pebble's upcoming breaking changes.
     *
     * @return {@code true} for strict mode
     */
    boolean strict() default false;
}
