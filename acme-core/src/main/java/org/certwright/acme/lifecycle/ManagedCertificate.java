package org.certwright.acme.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.issuance.IssuanceRequest;

/**
 * What a {@link CertificateManager} keeps valid: one certificate, described by the identifiers it
 * is for, its key type, the CA profile and preferred chain to ask for, the responders and
 * challenge types that may prove control of the identifiers, and whether a renewal keeps the key.
 *
 * <p>An immutable value. Its {@link #name()} is the certificate's id in the
 * {@link CertificateStore} ({@link StoreLayout#certificateId(String)} of the first identifier
 * unless given), and the handle by which the manager's methods refer to it.
 *
 * @since 0.2.0
 */
public final class ManagedCertificate {

    private final String name;
    private final List<Identifier> identifiers;
    private final KeyType keyType;
    private final Optional<String> profile;
    private final Optional<String> preferredChain;
    private final List<ChallengeResponder> responders;
    private final List<String> challengeTypes;
    private final boolean reuseKey;

    private ManagedCertificate(Builder b) {
        if (b.identifiers.isEmpty()) {
            throw new IllegalArgumentException("a managed certificate needs at least one identifier");
        }
        this.identifiers = List.copyOf(new LinkedHashSet<>(b.identifiers));
        this.name = b.name.orElseGet(() -> StoreLayout.certificateId(identifiers.get(0).value()));
        // Checked now, so that a bad name is refused when the certificate is described, not later.
        StoreLayout.certificateLock(name);
        this.keyType = b.keyType;
        this.profile = b.profile;
        this.preferredChain = b.preferredChain;
        this.responders = List.copyOf(b.responders);
        this.challengeTypes = List.copyOf(new LinkedHashSet<>(b.challengeTypes));
        this.reuseKey = b.reuseKey;
        // The issuer's own checks (key type, challenge types), run now so that a description the
        // CA would refuse fails here, in the caller's thread, and not at each background attempt.
        toRequest(IssuanceListener.NONE).build();
    }

    /** The issuance request for this certificate, without a deadline, key or {@code replaces}. */
    IssuanceRequest.Builder toRequest(IssuanceListener listener) {
        IssuanceRequest.Builder b = IssuanceRequest.builder()
                .identifiers(identifiers)
                .keyType(keyType)
                .responders(responders.toArray(ChallengeResponder[]::new))
                .listener(listener);
        if (!challengeTypes.isEmpty()) {
            b.challengeTypes(challengeTypes.toArray(String[]::new));
        }
        profile.ifPresent(b::profile);
        preferredChain.ifPresent(b::preferredChain);
        return b;
    }

    /**
     * A builder.
     *
     * @return a builder with no identifiers, EC P-256 keys, no profile, no preferred chain, the
     *         responders found by {@code ServiceLoader}, the issuer's default challenge types and a
     *         new key on each renewal
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The certificate's name: its id in the store and in the manager's methods.
     *
     * @return a valid store name segment
     * @since 0.2.0
     */
    public String name() {
        return name;
    }

    /**
     * The identifiers the certificate is for, in the order given, without duplicates.
     *
     * @return at least one identifier
     * @since 0.2.0
     */
    public List<Identifier> identifiers() {
        return identifiers;
    }

    /**
     * The type of the certificate's key.
     *
     * @return the key type
     * @since 0.2.0
     */
    public KeyType keyType() {
        return keyType;
    }

    /**
     * The CA profile to ask for (ACME profiles draft).
     *
     * @return the profile's name, or empty for the CA's default
     * @since 0.2.0
     */
    public Optional<String> profile() {
        return profile;
    }

    /**
     * The issuer name of the chain to prefer among the CA's alternates.
     *
     * @return the issuer's common name, or empty for the CA's default chain
     * @since 0.2.0
     */
    public Optional<String> preferredChain() {
        return preferredChain;
    }

    /**
     * The responders that prove control of the identifiers.
     *
     * @return the responders, or empty to use those found by {@code ServiceLoader}
     * @since 0.2.0
     */
    public List<ChallengeResponder> responders() {
        return responders;
    }

    /**
     * The challenge types allowed, in order of preference.
     *
     * @return the types, or empty for the issuer's default preference
     * @since 0.2.0
     */
    public List<String> challengeTypes() {
        return challengeTypes;
    }

    /**
     * Whether a renewal keeps the certificate's key instead of generating a new one.
     *
     * @return {@code false} (the default) for a new key on each renewal
     * @since 0.2.0
     */
    public boolean reuseKeyOnRenewal() {
        return reuseKey;
    }

    @Override
    public String toString() {
        return "ManagedCertificate[" + name + ", " + identifiers + ", " + keyType
                + profile.map(p -> ", profile " + p).orElse("") + "]";
    }

    /**
     * Builds a {@link ManagedCertificate}.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final List<Identifier> identifiers = new ArrayList<>();
        private Optional<String> name = Optional.empty();
        private KeyType keyType = KeyType.EC_P256;
        private Optional<String> profile = Optional.empty();
        private Optional<String> preferredChain = Optional.empty();
        private final List<ChallengeResponder> responders = new ArrayList<>();
        private final List<String> challengeTypes = new ArrayList<>();
        private boolean reuseKey;

        private Builder() {
        }

        /**
         * Adds DNS names (wildcards included).
         *
         * @param names DNS names
         * @return this builder
         * @since 0.2.0
         */
        public Builder dns(String... names) {
            for (String n : names) {
                identifiers.add(Identifier.dns(n));
            }
            return this;
        }

        /**
         * Adds IP addresses (RFC 8738).
         *
         * @param addresses IP addresses in text form
         * @return this builder
         * @since 0.2.0
         */
        public Builder ip(String... addresses) {
            for (String a : addresses) {
                identifiers.add(Identifier.ip(a));
            }
            return this;
        }

        /**
         * Adds identifiers.
         *
         * @param ids identifiers
         * @return this builder
         * @since 0.2.0
         */
        public Builder identifiers(List<Identifier> ids) {
            ids.forEach(i -> identifiers.add(Objects.requireNonNull(i, "identifier")));
            return this;
        }

        /**
         * Names the certificate, instead of the id made from its first identifier.
         *
         * @param certificateName a valid store name segment
         * @return this builder
         * @since 0.2.0
         */
        public Builder name(String certificateName) {
            this.name = Optional.of(certificateName);
            return this;
        }

        /**
         * Sets the key type.
         *
         * @param type the type of the certificate's key
         * @return this builder
         * @since 0.2.0
         */
        public Builder keyType(KeyType type) {
            this.keyType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets the CA profile.
         *
         * @param profileName the profile's name
         * @return this builder
         * @since 0.2.0
         */
        public Builder profile(String profileName) {
            this.profile = Optional.of(profileName);
            return this;
        }

        /**
         * Sets the preferred chain.
         *
         * @param issuerName the common name of the chain's top issuer
         * @return this builder
         * @since 0.2.0
         */
        public Builder preferredChain(String issuerName) {
            this.preferredChain = Optional.of(issuerName);
            return this;
        }

        /**
         * Sets the responders.
         *
         * @param rs the responders
         * @return this builder
         * @since 0.2.0
         */
        public Builder responders(ChallengeResponder... rs) {
            responders.addAll(Arrays.asList(rs));
            return this;
        }

        /**
         * Sets the allowed challenge types, in order of preference.
         *
         * @param types challenge types such as {@code http-01}
         * @return this builder
         * @since 0.2.0
         */
        public Builder challengeTypes(String... types) {
            challengeTypes.addAll(Arrays.asList(types));
            return this;
        }

        /**
         * Keeps the key on renewal (for key pinning, or a key in hardware); by default each
         * renewal has a new key.
         *
         * @param reuse whether to keep the key
         * @return this builder
         * @since 0.2.0
         */
        public Builder reuseKeyOnRenewal(boolean reuse) {
            this.reuseKey = reuse;
            return this;
        }

        /**
         * Builds the value.
         *
         * @return the managed certificate
         * @throws IllegalArgumentException if there is no identifier, or the key type or challenge
         *                                  types are ones an issuance would refuse
         * @throws InvalidStoreNameException if the name is not a valid store name segment
         * @since 0.2.0
         */
        public ManagedCertificate build() {
            return new ManagedCertificate(this);
        }
    }
}
