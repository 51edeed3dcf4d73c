package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;

/**
 * What {@link CertificateIssuer#issue} should obtain and how.
 *
 * <pre>{@code
 * IssuanceRequest request = IssuanceRequest.builder()
 *         .dns("example.com", "www.example.com")
 *         .responders(new EmbeddedHttpResponder(80))
 *         .build();
 * }</pre>
 *
 * @param order              the order to place: identifiers (from the CSR when one is given),
 *                           profile, {@code replaces}, validity
 * @param csr                a CSR supplied by the caller, instead of a generated key
 * @param domainKey          the certificate's key pair; generated when neither this nor a CSR is given
 * @param keyType            the type of a generated key (default EC P-256)
 * @param responders         the responders to use; empty means discover them with ServiceLoader
 * @param challengeTypes     the allowed challenge types, most preferred first; if validation with
 *                           one fails, the flow retries with the next that a responder supports
 * @param preferredChain     the issuer or root name of the preferred chain
 * @param readinessTimeout   how long responders may take to become visible (DNS propagation)
 * @param listener           progress callbacks
 */
public record IssuanceRequest(
        NewOrder order,
        Optional<Csr> csr,
        Optional<KeyPair> domainKey,
        KeyType keyType,
        List<ChallengeResponder> responders,
        List<String> challengeTypes,
        Optional<String> preferredChain,
        Duration readinessTimeout,
        IssuanceListener listener) {

    /**
     * The default preference: HTTP, then TLS-ALPN, then the DNS types; then the draft dialect's
     * {@code simpleHttps} and {@code dns}, which only a draft CA offers.
     */
    public static final List<String> DEFAULT_CHALLENGE_TYPES = List.of(Challenge.HTTP_01, Challenge.TLS_ALPN_01,
            Challenge.DNS_01, Challenge.DNS_ACCOUNT_01, Challenge.DNS_PERSIST_01, Challenge.SIMPLE_HTTPS,
            Challenge.DNS);

    /** Checks the request. */
    public IssuanceRequest {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(domainKey, "domainKey");
        Objects.requireNonNull(keyType, "keyType");
        responders = List.copyOf(responders);
        challengeTypes = List.copyOf(new LinkedHashSet<>(challengeTypes));
        Objects.requireNonNull(preferredChain, "preferredChain");
        Objects.requireNonNull(readinessTimeout, "readinessTimeout");
        Objects.requireNonNull(listener, "listener");
        if (csr.isPresent() && !new java.util.HashSet<>(csr.get().identifiers())
                .equals(new java.util.HashSet<>(order.identifiers()))) {
            throw new IllegalArgumentException("the CSR names " + csr.get().identifiers() + " but the order is for "
                    + order.identifiers());
        }
        if (csr.isPresent() && domainKey.isPresent()) {
            throw new IllegalArgumentException("give either a CSR or a domain key, not both");
        }
        if (challengeTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one challenge type must be allowed");
        }
    }

    /** What the certificate is for: the order's identifiers. */
    public List<Identifier> identifiers() {
        return order.identifiers();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds an {@link IssuanceRequest}. The order's parts ({@link #dns}, {@link #identifiers},
     * {@link #profile}, {@link #replaces}, validity) go to a {@link NewOrder.Builder}, so they are
     * checked the same way as for {@link org.certwright.acme.Session#newOrder}. Not thread-safe.
     */
    public static final class Builder {
        private final NewOrder.Builder order = NewOrder.builder();
        private boolean identifiersGiven;
        private Csr csr;
        private KeyPair domainKey;
        private KeyType keyType = KeyType.EC_P256;
        private final List<ChallengeResponder> responders = new ArrayList<>();
        private List<String> challengeTypes = DEFAULT_CHALLENGE_TYPES;
        private String preferredChain;
        private Duration readinessTimeout = Duration.ofMinutes(2);
        private IssuanceListener listener = IssuanceListener.NONE;

        private Builder() {
        }

        /** Adds DNS names. */
        public Builder dns(String... names) {
            order.dns(names);
            identifiersGiven = true;
            return this;
        }

        /** Adds identifiers. */
        public Builder identifiers(Collection<Identifier> ids) {
            order.identifiers(ids);
            identifiersGiven = true;
            return this;
        }

        /** Uses a CSR the caller made; the identifiers are the CSR's. */
        public Builder csr(Csr request) {
            this.csr = Objects.requireNonNull(request, "request");
            return this;
        }

        /** The certificate's key pair (otherwise one is generated). */
        public Builder domainKey(KeyPair keyPair) {
            this.domainKey = Objects.requireNonNull(keyPair, "keyPair");
            return this;
        }

        /** The type of the generated key (default EC P-256). */
        public Builder keyType(KeyType type) {
            this.keyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /** Adds responders; without any, they are discovered with {@link java.util.ServiceLoader}. */
        public Builder responders(ChallengeResponder... rs) {
            for (ChallengeResponder r : rs) {
                responders.add(Objects.requireNonNull(r, "responder"));
            }
            return this;
        }

        /** The allowed challenge types, most preferred first. */
        public Builder challengeTypes(String... types) {
            this.challengeTypes = List.of(types);
            return this;
        }

        /** Requests a certificate profile. */
        public Builder profile(String name) {
            order.profile(name);
            return this;
        }

        /** Says which certificate this one renews (RFC 9773). */
        public Builder replaces(CertificateId id) {
            order.replaces(id);
            return this;
        }

        /** Requests a start and end of validity (many CAs, Let's Encrypt included, refuse it). */
        public Builder validity(Instant notBefore, Instant notAfter) {
            order.notBefore(notBefore).notAfter(notAfter);
            return this;
        }

        /** Prefers the chain leading to this issuer or root name. */
        public Builder preferredChain(String issuerName) {
            this.preferredChain = issuerName;
            return this;
        }

        /** How long responders may take to become visible to the CA (default 2 minutes). */
        public Builder readinessTimeout(Duration timeout) {
            this.readinessTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Receives progress callbacks. */
        public Builder listener(IssuanceListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException if there are no identifiers and no CSR, or both a CSR
         *                                  and other identifiers or a domain key
         */
        public IssuanceRequest build() {
            if (csr != null) {
                if (identifiersGiven) {
                    throw new IllegalArgumentException("give either a CSR or identifiers; a CSR names its own");
                }
                order.identifiers(csr.identifiers());
            }
            return new IssuanceRequest(order.build(), Optional.ofNullable(csr), Optional.ofNullable(domainKey), keyType,
                    responders, challengeTypes, Optional.ofNullable(preferredChain), readinessTimeout, listener);
        }
    }
}
