package org.certwright.acme.dns;

import java.net.URI;
import java.util.Optional;
import org.certwright.acme.challenge.ProvisioningException;

/**
 * A DNS service's API refused a request or could not be reached. The message names the service and
 * the service's own error message where it sent one, then the request ({@link #method()},
 * {@link #url()}, never a credential) and {@link #httpStatus()}.
 *
 * @since 0.2.0
 */
public class DnsApiException extends ProvisioningException {
    private static final long serialVersionUID = 1L;

    private final String serviceMessage;

    /**
     * Creates the exception.
     *
     * @param service        the service's name, such as {@code PowerDNS}
     * @param method         the HTTP method
     * @param url            the request URL (which must hold no credential)
     * @param status         the HTTP status, or {@code -1} when no response arrived
     * @param serviceMessage the service's own error message, or {@code null}
     * @param cause          the underlying failure, or {@code null}
     */
    public DnsApiException(String service, String method, URI url, int status, String serviceMessage,
            Throwable cause) {
        super(message(service, status, serviceMessage, cause), method, url, status, cause);
        this.serviceMessage = serviceMessage;
    }

    /**
     * What the service said was wrong, in its own words.
     *
     * @return the message, or empty when it sent none
     */
    public Optional<String> serviceMessage() {
        return Optional.ofNullable(serviceMessage);
    }

    private static String message(String service, int status, String serviceMessage, Throwable cause) {
        StringBuilder text = new StringBuilder(service);
        if (status >= 0) {
            text.append(" refused the request");
        } else {
            text.append(" could not be reached");
            if (cause != null) {
                text.append(": ").append(cause.getClass().getSimpleName());
                if (cause.getMessage() != null) {
                    text.append(' ').append(cause.getMessage());
                }
            }
        }
        if (serviceMessage != null && !serviceMessage.isBlank()) {
            text.append(": ").append(serviceMessage);
        }
        return text.toString();
    }
}
