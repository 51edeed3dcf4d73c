package org.certwright.acme.challenges;

import java.util.Optional;
import org.certwright.acme.challenge.HttpResource;

/**
 * The challenge files currently in flight, from which an HTTP server answers the CA.
 *
 * <p>{@link StoreHttpResponder} puts a file here when a challenge is provisioned and removes it at
 * clean-up; the application's HTTP server looks each request up with {@link #lookupPath(String)}
 * and answers 404 when nothing is found. {@link InMemoryHttpChallengeStore} serves one process; an
 * implementation backed by a shared database or cache lets every node of a cluster answer.
 *
 * <p>The same file may be put again while it is in flight, when two orders share a pending
 * authorization; it then stays until it has been removed as often as it was put.
 * Implementations must be thread-safe.
 */
public interface HttpChallengeStore {

    /**
     * Starts serving a file.
     *
     * @param resource the file
     * @throws IllegalStateException if a different file is being served under the same name
     */
    void put(HttpResource resource);

    /**
     * Stops serving a file, once it has been removed as often as it was put. A file that is not
     * in flight, or a different file under the same name, is left alone.
     *
     * @param resource the file, as it was put
     */
    void remove(HttpResource resource);

    /**
     * The file in flight under a name.
     *
     * @param name the last segment of the request path
     * @return the file, or empty if none is in flight under that name
     */
    Optional<HttpResource> lookup(String name);

    /**
     * The file in flight for a request path: {@code /.well-known/acme-challenge/<name>} exactly,
     * without query, as sent (not percent-decoded: a name is base64url, which needs no encoding).
     *
     * @param rawPath the request path, for example {@code HttpServletRequest.getRequestURI()}
     * @return the file, or empty if the path names none
     */
    default Optional<HttpResource> lookupPath(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(HttpResource.DIRECTORY)) {
            return Optional.empty();
        }
        String name = rawPath.substring(HttpResource.DIRECTORY.length());
        return HttpResource.isValidName(name) ? lookup(name) : Optional.empty();
    }
}
