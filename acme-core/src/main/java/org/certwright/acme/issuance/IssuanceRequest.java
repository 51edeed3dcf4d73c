package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
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
 * @param concurrency        the most steps of this issuance that run at once (fetching
 *                           authorizations, provisioning, awaiting, answering), at least 1; one
 *                           issuance never uses more threads or connections than this, whatever
 *                           the CA sends (since 0.2.0)
 * @param deadline           the longest the whole issuance may take; when it passes, everything in
 *                           flight is stopped, provisions are removed and
 *                           {@link org.certwright.acme.problem.IssuanceDeadlineException} is thrown
 *                           (since 0.2.0)
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
        IssuanceListener listener,
        int concurrency,
        Optional<Duration> deadline) {

    /** The default {@link #concurrency()}. */
    public static final int DEFAULT_CONCURRENCY = 8;

    /**
     * The certificate key types CAs accept: Let's Encrypt, and the CA/Browser Forum baseline
     * requirements most public CAs follow, take RSA from 2048 bits and ECDSA on P-256 or P-384,
     * nothing else.
     */
    private static final Set<KeyType> CERTIFICATE_KEY_TYPES = EnumSet.of(KeyType.EC_P256, KeyType.EC_P384,
            KeyType.RSA_2048, KeyType.RSA_3072, KeyType.RSA_4096);

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
        Objects.requireNonNull(deadline, "deadline");
        if (csr.isPresent() && domainKey.isPresent()) {
            throw new IllegalArgumentException("give either a CSR or a domain key, not both");
        }
        csr.ifPresent(c -> c.requireIdentifiers(order.identifiers()));
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
        }
        if (deadline.isPresent() && (deadline.get().isNegative() || deadline.get().isZero())) {
            throw new IllegalArgumentException("the deadline must be positive, not " + deadline.get());
        }
        if (readinessTimeout.isNegative()) {
            throw new IllegalArgumentException("the readiness timeout must not be negative: " + readinessTimeout);
        }
        domainKey.ifPresent(k -> requireCertificateKey(k.getPublic(), "the domain key"));
        csr.ifPresent(c -> requireCertificateKey(c.publicKey(), "the CSR's key"));
        if (domainKey.isEmpty() && csr.isEmpty() && !CERTIFICATE_KEY_TYPES.contains(keyType)) {
            throw new IllegalArgumentException("key type " + keyType + " is not one CAs accept for certificates; "
                    + "use one of " + CERTIFICATE_KEY_TYPES);
        }
        if (challengeTypes.isEmpty()) {
            throw new IllegalArgumentException("at least one challenge type must be allowed");
        }
    }

    /**
     * Refuses, before anything is sent, a certificate key the CA would refuse at finalize, after
     * every challenge was answered.
     */
    private static void requireCertificateKey(PublicKey key, String which) {
        KeyType type;
        try {
            type = KeyType.of(key);
        } catch (InvalidKeyMaterialException e) {
            throw new IllegalArgumentException(which + " (" + key.getAlgorithm() + ") is not one CAs accept for "
                    + "certificates: " + e.getMessage(), e);
        }
        if (!CERTIFICATE_KEY_TYPES.contains(type)) {
            throw new IllegalArgumentException(which + " (" + type + ") is not one CAs accept for certificates; "
                    + "use one of " + CERTIFICATE_KEY_TYPES);
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
        private int concurrency = DEFAULT_CONCURRENCY;
        private Duration deadline;

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
         * The most steps of this issuance that run at once (default {@value #DEFAULT_CONCURRENCY}).
         *
         * @param max at least 1
         * @return this builder
         * @since 0.2.0
         */
        public Builder concurrency(int max) {
            this.concurrency = max;
            return this;
        }

        /**
         * The longest the whole issuance may take (default: no limit beyond the session's
         * polling timeouts and the {@link #readinessTimeout}). When it passes, everything in flight
         * stops, provisions are removed and
         * {@link org.certwright.acme.problem.IssuanceDeadlineException} is thrown.
         *
         * @param limit a positive duration
         * @return this builder
         * @since 0.2.0
         */
        public Builder deadline(Duration limit) {
            this.deadline = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /**
         * The request.
         *
         * @throws IllegalArgumentException if there are no identifiers and no CSR, or both a CSR
         *                                  and other identifiers or a domain key, or a key
         *                                  (given, in the CSR, or of the key type) that CAs refuse
         *                                  for certificates: RSA below 2048 bits, EC other than
         *                                  P-256 and P-384, other algorithms
         */
        public IssuanceRequest build() {
            if (csr != null) {
                if (identifiersGiven) {
                    throw new IllegalArgumentException("give either a CSR or identifiers; a CSR names its own");
                }
                order.identifiers(csr.identifiers());
            }
            return new IssuanceRequest(order.build(), Optional.ofNullable(csr), Optional.ofNullable(domainKey), keyType,
                    responders, challengeTypes, Optional.ofNullable(preferredChain), readinessTimeout, listener, concurrency,
                    Optional.ofNullable(deadline));
        }
    }
}
