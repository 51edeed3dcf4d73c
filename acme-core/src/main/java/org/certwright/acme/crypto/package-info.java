/**
 * Keys, key authorizations, certificate signing requests and PEM files: the cryptographic
 * material an ACME client handles.
 *
 * <ul>
 *   <li>{@link org.certwright.acme.crypto.KeyType} names the key types Certwright supports and
 *       generates them;</li>
 *   <li>{@link org.certwright.acme.crypto.AccountKey} signs ACME requests, in software or in an
 *       HSM;</li>
 *   <li>{@link org.certwright.acme.crypto.JwkThumbprint} and
 *       {@link org.certwright.acme.crypto.KeyAuthorization} compute what challenges are answered
 *       with;</li>
 *   <li>{@link org.certwright.acme.crypto.Csr} builds and reads PKCS#10 requests;</li>
 *   <li>{@link org.certwright.acme.crypto.Pem} and {@link org.certwright.acme.crypto.KeyStores}
 *       read and write keys and certificates.</li>
 * </ul>
 *
 * <p>Key objects are always produced by the JDK's own providers; Bouncy Castle is used only as
 * a library for ASN.1, and is never registered as a JVM-wide security provider. Malformed input
 * is reported as an {@link org.certwright.acme.crypto.InvalidKeyMaterialException} whose message
 * says what was wrong and where, and never contains key material. It is an
 * {@link java.lang.IllegalArgumentException}, like every other error in a caller's own
 * arguments: a {@code null} argument gives a {@link java.lang.NullPointerException} naming it,
 * a value of the wrong form an {@code IllegalArgumentException}. File operations throw
 * {@link java.io.IOException}s, a parent path that is a file a
 * {@link java.nio.file.NotDirectoryException} naming it.
 */
package org.certwright.acme.crypto;
