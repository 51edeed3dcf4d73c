/**
 * The ACME session and the resource model.
 *
 * <h2>Errors</h2>
 *
 * <p>Everything the network or a CA can cause is a checked
 * {@link org.certwright.acme.problem.AcmeException}; a resource a CA sends that the model would
 * refuse (a malformed identifier, a challenge token outside base64url, an impossible date) is an
 * {@link org.certwright.acme.problem.AcmeProtocolException} naming the request and the member.
 * A caller's own bad arguments are programming errors and get unchecked exceptions at once,
 * before any request: {@link java.lang.NullPointerException} for a {@code null} argument (the
 * message names it), {@link java.lang.IllegalArgumentException} for a malformed value (such as
 * {@code Identifier.dns("127.0.0.1")}, which must be {@code Identifier.ip}), and
 * {@link java.lang.IllegalStateException} for a call that does not fit the object's state (such
 * as {@code inetAddress()} of a {@code dns} identifier).
 */
package org.certwright.acme;
