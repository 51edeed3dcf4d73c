package org.certwright.acme;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An account at the CA (RFC 8555 §7.1.2; the 2015 drafts call it a registration), as last seen.
 *
 * @param url                  the account URL, which is also the JWS {@code kid}
 * @param status               {@code valid}, {@code deactivated} or {@code revoked}
 * @param contacts             contact URLs, such as {@code mailto:} addresses
 * @param termsOfServiceAgreed whether the terms of service were agreed to, if the CA says
 * @param orders               the account's order list, if the CA offers one
 * @param termsOfService       terms of service the CA linked to in the response
 *                             ({@code Link rel="terms-of-service"})
 * @param otherFields          members this library does not model; for the draft dialect these
 *                             include {@code agreement} and {@code recoveryToken}, read with
 *                             {@link DraftFields}
 */
public record Registration(
        URI url,
        Status status,
        List<URI> contacts,
        Optional<Boolean> termsOfServiceAgreed,
        Optional<Link<OrderList>> orders,
        Optional<URI> termsOfService,
        Map<String, Object> otherFields) {

    /** Creates a registration snapshot; collections are copied. */
    public Registration {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        contacts = List.copyOf(contacts);
        Objects.requireNonNull(termsOfServiceAgreed, "termsOfServiceAgreed");
        Objects.requireNonNull(orders, "orders");
        Objects.requireNonNull(termsOfService, "termsOfService");
        otherFields = Map.copyOf(otherFields);
    }

    @Override
    public String toString() {
        // The recovery token is a credential; keep it out of logs.
        return "Registration[" + url + ", " + status + ", contacts=" + contacts + "]";
    }
}
