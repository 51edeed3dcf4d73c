package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * Hears what a {@link CertificateManager} does. Every method has an empty default; an exception
 * thrown by one is logged and ignored. Methods are called on the manager's worker threads (and
 * {@link #updated} also in the thread calling {@link CertificateManager#start()}, for the
 * certificates read from the store then) and should return quickly.
 *
 * @since 0.2.0
 */
public interface CertificateManagerListener {

    /**
     * A certificate was obtained for the first time (there was none in the store).
     *
     * @param name        the managed certificate's name
     * @param certificate the new certificate
     * @since 0.2.0
     */
    default void obtained(String name, CurrentCertificate certificate) {
    }

    /**
     * A certificate was renewed by this manager.
     *
     * @param name     the managed certificate's name
     * @param previous the certificate it replaces
     * @param renewed  the new certificate
     * @since 0.2.0
     */
    default void renewed(String name, CurrentCertificate previous, CurrentCertificate renewed) {
    }

    /**
     * The certificate served for a name changed, whoever obtained it: this manager, or another
     * instance sharing the store (then it was read from the store). The hook for hot-swapping it
     * into a running server.
     *
     * @param name        the managed certificate's name
     * @param certificate the certificate now served
     * @since 0.2.0
     */
    default void updated(String name, CurrentCertificate certificate) {
    }

    /**
     * The renewal time was chosen or changed.
     *
     * @param name   the managed certificate's name
     * @param at     when the certificate will be renewed
     * @param reason why then
     * @since 0.2.0
     */
    default void renewalScheduled(String name, Instant at, RenewalReason reason) {
    }

    /**
     * An attempt to obtain or renew failed. The certificate served, if any, is unchanged.
     *
     * @param name    the managed certificate's name
     * @param attempt what happened
     * @param failure the exception
     * @since 0.2.0
     */
    default void attemptFailed(String name, AttemptRecord attempt, Exception failure) {
    }

    /**
     * After failures, no attempt is made before an instant.
     *
     * @param name                the managed certificate's name
     * @param until               the earliest instant of the next attempt
     * @param consecutiveFailures the number of failures since the last success
     * @since 0.2.0
     */
    default void backingOff(String name, Instant until, int consecutiveFailures) {
    }

    /**
     * The certificate expires soon and has not been renewed yet.
     *
     * @param name      the managed certificate's name
     * @param notAfter  when it expires
     * @param threshold the warning threshold crossed (see {@link ExpiryWarnings})
     * @since 0.2.0
     */
    default void expiringSoon(String name, Instant notAfter, Duration threshold) {
    }

    /**
     * The CA an attempt was going to use keeps failing (several attempts in a row, or once in a way
     * that does not pass soon, such as a rate limit): the next attempt goes to the next CA in the
     * manager's order of preference.
     *
     * @param name   the managed certificate's name
     * @param fromCa the id of the CA left ({@link StoreLayout#caId})
     * @param toCa   the id of the CA tried next
     * @since 0.2.0
     */
    default void caFallback(String name, String fromCa, String toCa) {
    }

    /**
     * The certificate is no longer managed ({@link CertificateManager#remove}); whoever serves it
     * should stop.
     *
     * @param name the managed certificate's name
     * @since 0.2.0
     */
    default void removed(String name) {
    }
}
