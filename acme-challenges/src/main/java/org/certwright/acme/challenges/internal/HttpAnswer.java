package org.certwright.acme.challenges.internal;

import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;
import org.certwright.acme.challenges.HttpChallengeStore;

/**
 * What a challenge file server answers to a request, decided in one place for both the
 * {@link org.certwright.acme.challenges.HttpChallengeHandler} of an application's JDK server and
 * the responders' own servers: {@code GET}/{@code HEAD} of a file in flight gets it, any other path
 * 404, any other method 405.
 *
 * @param status      the HTTP status
 * @param reason      its reason phrase
 * @param contentType the {@code Content-Type}
 * @param body        the body (not sent for {@code HEAD}, but its length is)
 * @param allow       the {@code Allow} header of a 405
 * @param served      the file served, if any
 */
public record HttpAnswer(int status, String reason, String contentType, String body, Optional<String> allow,
                         Optional<HttpResource> served) {

    private static final String TEXT = "text/plain; charset=utf-8";

    /**
     * The answer to a request.
     *
     * @param method  the request method
     * @param rawPath the request path, not decoded
     * @param store   the files in flight
     * @return the answer
     */
    public static HttpAnswer to(String method, String rawPath, HttpChallengeStore store) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return new HttpAnswer(405, "Method Not Allowed", TEXT, "method not allowed\n", Optional.of("GET, HEAD"),
                    Optional.empty());
        }
        Optional<HttpResource> resource = store.lookupPath(rawPath);
        if (resource.isEmpty()) {
            return notFound();
        }
        return new HttpAnswer(200, "OK", resource.get().contentType(), resource.get().content(), Optional.empty(),
                resource);
    }

    /**
     * The answer to a request that could not be parsed.
     *
     * @return a 400
     */
    public static HttpAnswer badRequest() {
        return new HttpAnswer(400, "Bad Request", TEXT, "bad request\n", Optional.empty(), Optional.empty());
    }

    private static HttpAnswer notFound() {
        return new HttpAnswer(404, "Not Found", TEXT, "not found\n", Optional.empty(), Optional.empty());
    }
}
