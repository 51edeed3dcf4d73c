package org.certwright.acme.problem;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a problem was reported: the request, the response status and the headers that tell the
 * caller what to do next.
 *
 * @param method         the HTTP method of the request
 * @param url            the request URL
 * @param httpStatus     the response status
 * @param retryAfter     when the request may be retried, from {@code Retry-After}
 * @param helpLinks      {@code Link rel="help"} targets, such as rate-limit documentation
 * @param termsOfService the {@code Link rel="terms-of-service"} target, sent with
 *                       {@code userActionRequired}
 * @param location       the {@code Location} header, which names the conflicting resource in a
 *                       409 answer
 */
public record ProblemContext(
        String method,
        URI url,
        int httpStatus,
        Optional<Instant> retryAfter,
        List<URI> helpLinks,
        Optional<URI> termsOfService,
        Optional<URI> location) {

    /** Creates a context; the list is copied. */
    public ProblemContext {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(retryAfter, "retryAfter");
        helpLinks = List.copyOf(helpLinks);
        Objects.requireNonNull(termsOfService, "termsOfService");
        Objects.requireNonNull(location, "location");
    }

    /** A context with only the request and status. */
    public static ProblemContext of(String method, URI url, int httpStatus) {
        return new ProblemContext(method, url, httpStatus, Optional.empty(), List.of(), Optional.empty(),
                Optional.empty());
    }
}
