package org.certwright.acme;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.problem.Problem;

/**
 * An order for a certificate (RFC 8555 §7.1.3), as last seen. To see a newer state, ask the session:
 * {@link Session#refresh(Order)}.
 *
 * @param url            the order URL
 * @param status         {@code pending}, {@code ready}, {@code processing}, {@code valid} or
 *                       {@code invalid}
 * @param expires        when the order expires
 * @param identifiers    what the certificate will be for
 * @param notBefore      the requested start of validity
 * @param notAfter       the requested end of validity
 * @param error          why the order failed, when it did
 * @param authorizations the authorizations to complete
 * @param finalizeUrl    where to send the CSR
 * @param certificate    the issued certificate, once the order is {@code valid}
 * @param profile        the certificate profile (ACME profiles draft)
 * @param replaces       the ARI id of the certificate this order replaces (RFC 9773)
 * @param retryAfter     when the CA asked to be polled again ({@code Retry-After}) in the response
 *                       this snapshot came from
 * @param otherFields    members this library does not model
 */
public record Order(
        URI url,
        Status status,
        Optional<Instant> expires,
        List<Identifier> identifiers,
        Optional<Instant> notBefore,
        Optional<Instant> notAfter,
        Optional<Problem> error,
        List<Link<Authorization>> authorizations,
        URI finalizeUrl,
        Optional<Link<Certificate>> certificate,
        Optional<String> profile,
        Optional<String> replaces,
        Optional<Instant> retryAfter,
        Map<String, Object> otherFields) {

    /** Creates an order snapshot; collections are copied. */
    public Order {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expires, "expires");
        identifiers = List.copyOf(identifiers);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(error, "error");
        authorizations = List.copyOf(authorizations);
        Objects.requireNonNull(finalizeUrl, "finalizeUrl");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(retryAfter, "retryAfter");
        otherFields = Map.copyOf(otherFields);
    }

    /** A link to this order, for {@link Session#fetch(Link)}. */
    public Link<Order> self() {
        return Link.order(url);
    }
}
