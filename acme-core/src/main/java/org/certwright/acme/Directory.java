package org.certwright.acme;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CA's directory (RFC 8555 §7.1.1): where its endpoints are and what it offers. The session
 * fetches it once and caches it; see {@link Session#directory()}.
 *
 * @param url         the directory URL
 * @param newNonce    the {@code newNonce} endpoint
 * @param newAccount  the {@code newAccount} endpoint (the draft dialect's {@code new-reg})
 * @param newOrder    the {@code newOrder} endpoint
 * @param newAuthz    the optional {@code newAuthz} endpoint (pre-authorization)
 * @param revokeCert  the {@code revokeCert} endpoint
 * @param keyChange   the {@code keyChange} endpoint
 * @param renewalInfo the {@code renewalInfo} endpoint (RFC 9773, ARI)
 * @param meta        the {@code meta} object
 * @param otherFields members this library does not model
 */
public record Directory(
        URI url,
        Optional<URI> newNonce,
        URI newAccount,
        Optional<URI> newOrder,
        Optional<URI> newAuthz,
        Optional<URI> revokeCert,
        Optional<URI> keyChange,
        Optional<URI> renewalInfo,
        Meta meta,
        Map<String, Object> otherFields) {

    /** Creates a directory; the map is copied. */
    public Directory {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(newAccount, "newAccount");
        Objects.requireNonNull(meta, "meta");
        otherFields = Map.copyOf(otherFields);
    }

    /**
     * The directory's {@code meta} object.
     *
     * @param termsOfService          the current terms of service
     * @param website                 the CA's website
     * @param caaIdentities           the domain names the CA recognises in CAA records
     * @param externalAccountRequired whether new accounts need an external account binding
     * @param profiles                certificate profiles by name, with a description or URL
     *                                (ACME profiles draft)
     * @param subdomainAuthAllowed    whether an authorization may cover subdomains (RFC 9444)
     * @param otherFields             members this library does not model
     */
    public record Meta(
            Optional<URI> termsOfService,
            Optional<URI> website,
            List<String> caaIdentities,
            boolean externalAccountRequired,
            Map<String, String> profiles,
            boolean subdomainAuthAllowed,
            Map<String, Object> otherFields) {

        /** A {@code meta} with nothing in it. */
        public static final Meta EMPTY = new Meta(Optional.empty(), Optional.empty(), List.of(), false, Map.of(),
                false, Map.of());

        /** Creates a meta object; collections are copied. */
        public Meta {
            Objects.requireNonNull(termsOfService, "termsOfService");
            Objects.requireNonNull(website, "website");
            caaIdentities = List.copyOf(caaIdentities);
            profiles = Map.copyOf(profiles);
            otherFields = Map.copyOf(otherFields);
        }
    }
}
