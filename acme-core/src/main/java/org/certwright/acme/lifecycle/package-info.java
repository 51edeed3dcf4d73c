/**
 * Keeping certificates valid without a person: the certificate manager, its decisions, its store
 * and how certificates reach the application.
 *
 * <p>This package starts with the pure decision functions a certificate manager calls: when to
 * renew ({@link org.certwright.acme.lifecycle.RenewalPolicy}, ARI first, then a fraction of the
 * lifetime, never later than a safety floor), when to try again after a failure
 * ({@link org.certwright.acme.lifecycle.FailureBackoff}) and which expiry warnings are due
 * ({@link org.certwright.acme.lifecycle.ExpiryWarnings}). Each is a function of the certificate,
 * a small immutable state value, an instant and, where a choice is random, a
 * {@link java.util.random.RandomGenerator}; none performs I/O, starts a thread, reads a clock or
 * logs. The state values are what a store persists, so that a restarted process, or another
 * instance sharing the store, makes the same decision.
 *
 * <p>The store SPI, {@link org.certwright.acme.lifecycle.CertificateStore}, keeps accounts, keys,
 * certificates and that state as named blobs, with lease locks whose fencing tokens keep a holder
 * that lost its lease from overwriting a newer holder's writes.
 * {@link org.certwright.acme.lifecycle.FileCertificateStore} is the default; the
 * {@code acme-store-testkit} module's conformance tests check any other implementation.
 *
 * <p>{@link org.certwright.acme.lifecycle.CertificateManager} puts them to work: it keeps a set of
 * {@link org.certwright.acme.lifecycle.ManagedCertificate}s valid in the background, on one timer
 * thread and a small bounded pool, and serves each one's current key and chain.
 *
 * <p>Certificates reach the application through
 * {@link org.certwright.acme.lifecycle.ManagedKeyManager}, a key manager for running TLS servers
 * that chooses by SNI and swaps certificates without a restart, and through
 * {@link org.certwright.acme.lifecycle.CertificateFiles}, PEM and PKCS#12 files for other
 * processes.
 *
 * @since 0.2.0
 */
package org.certwright.acme.lifecycle;
