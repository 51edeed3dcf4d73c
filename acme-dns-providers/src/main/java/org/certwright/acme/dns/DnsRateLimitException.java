package org.certwright.acme.dns;

import java.net.URI;

/**
 * A DNS service kept refusing requests for exceeding its rate limit for longer than the provider was
 * allowed to wait.
 *
 * @since 0.2.0
 */
public class DnsRateLimitException extends DnsApiException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param service        the service's name
     * @param method         the HTTP method
     * @param url            the request URL
     * @param status         the status of the last refusal (typically 429)
     * @param serviceMessage what the service said, or {@code null}
     */
    public DnsRateLimitException(String service, String method, URI url, int status, String serviceMessage) {
        super(service, method, url, status, serviceMessage, null);
    }
}
