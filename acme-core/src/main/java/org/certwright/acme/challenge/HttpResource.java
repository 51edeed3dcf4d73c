package org.certwright.acme.challenge;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file the CA will fetch over HTTP(S): {@code /.well-known/acme-challenge/<name>} with the given
 * content. For RFC 8555 http-01 the name is the token and the content the key authorization; for
 * the draft's {@code simpleHttps} the name is a path the client chose and the content the token.
 *
 * @param name        the file name under {@code /.well-known/acme-challenge/}: base64url only,
 *                    so it can never escape that directory
 * @param content     the exact body to serve
 * @param contentType the media type to serve it with
 */
public record HttpResource(String name, String content, String contentType) {

    /** The directory every challenge file lives in. */
    public static final String DIRECTORY = "/.well-known/acme-challenge/";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,512}");

    /**
     * Creates a resource.
     *
     * @throws IllegalArgumentException if the name is not base64url (which rules out path traversal)
     */
    public HttpResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentType, "contentType");
        if (!isValidName(name)) {
            throw new IllegalArgumentException("challenge file name is not base64url: '" + name + "'");
        }
    }

    /** Whether a name is acceptable for a challenge file: 1 to 512 base64url characters. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The URL path the CA requests: {@code /.well-known/acme-challenge/<name>}. */
    public String path() {
        return DIRECTORY + name;
    }
}
