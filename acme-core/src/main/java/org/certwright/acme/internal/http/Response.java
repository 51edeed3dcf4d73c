package org.certwright.acme.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.certwright.acme.internal.text.SafeText;

/**
 * One HTTP response from the CA, fully read and bounded in size, with the request that produced
 * it (for error messages) and the header readers ACME needs.
 *
 * @param method     the request method
 * @param url        the request URL
 * @param status     the response status
 * @param headers    the response headers
 * @param body       the response body (empty for HEAD)
 * @param receivedAt when the response arrived, the reference for relative {@code Retry-After}
 */
public record Response(String method, URI url, int status, HttpHeaders headers, byte[] body, Instant receivedAt) {

    private static final int SNIPPET_BYTES = 200;

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The media type of the body, lower case and without parameters; empty string if none. */
    public String mediaType() {
        String ct = header("Content-Type").orElse("");
        int semi = ct.indexOf(';');
        return (semi >= 0 ? ct.substring(0, semi) : ct).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code Link} headers, targets resolved against the request URL. */
    public List<LinkHeader.Link> links() {
        return LinkHeader.parse(headers.allValues("Link"), url);
    }

    /** The targets of the links with a relation type. */
    public List<URI> links(String relation) {
        return LinkHeader.targets(links(), relation);
    }

    /** The {@code Location} header resolved against the request URL; empty if absent or not a URI. */
    public Optional<URI> location() {
        return header("Location").flatMap(l -> {
            try {
                return Optional.of(url.resolve(new URI(l.trim())));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** When the server asked to be contacted again ({@code Retry-After}). */
    public Optional<Instant> retryAfter() {
        return header("Retry-After").flatMap(v -> RetryAfter.parse(v, receivedAt));
    }

    /** The {@code Replay-Nonce}, if present and valid. */
    public Optional<String> replayNonce() {
        return header("Replay-Nonce").map(String::trim).filter(NoncePool::isValid);
    }

    /**
     * The start of the body as printable text, for error messages about responses that are not
     * ACME (an HTML error page from a proxy, say). Control and bidi characters are escaped.
     */
    public String bodySnippet() {
        int n = Math.min(body.length, SNIPPET_BYTES);
        String text = new String(body, 0, n, StandardCharsets.UTF_8).trim();
        return SafeText.clip(text, SNIPPET_BYTES) + (body.length > n ? "… (" + (body.length - n) + " more bytes)" : "");
    }
}
