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
 * <p>An immutable snapshot. Directories are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class Directory {

    private final URI url;
    private final Optional<URI> newNonce;
    private final URI newAccount;
    private final Optional<URI> newOrder;
    private final Optional<URI> newAuthz;
    private final Optional<URI> revokeCert;
    private final Optional<URI> keyChange;
    private final Optional<URI> renewalInfo;
    private final Meta meta;
    private final Map<String, Object> otherFields;

    private Directory(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.newNonce = b.newNonce;
        this.newAccount = Objects.requireNonNull(b.newAccount, "newAccount");
        this.newOrder = b.newOrder;
        this.newAuthz = b.newAuthz;
        this.revokeCert = b.revokeCert;
        this.keyChange = b.keyChange;
        this.renewalInfo = b.renewalInfo;
        this.meta = Objects.requireNonNull(b.meta, "meta");
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for a {@link Directory}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the directory URL
     * @param newAccount the {@code newAccount} endpoint (the draft dialect's {@code new-reg})
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, URI newAccount) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.newAccount = Objects.requireNonNull(newAccount, "newAccount");
        return b;
    }

    /**
     * A builder holding this resource's values, for a copy with some of them changed.
     *
     * @return the builder
     * @since 0.2.0
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.newNonce = newNonce;
        b.newAccount = newAccount;
        b.newOrder = newOrder;
        b.newAuthz = newAuthz;
        b.revokeCert = revokeCert;
        b.keyChange = keyChange;
        b.renewalInfo = renewalInfo;
        b.meta = meta;
        b.otherFields = otherFields;
        return b;
    }

    /** The directory URL. */
    public URI url() {
        return url;
    }

    /** The {@code newNonce} endpoint. */
    public Optional<URI> newNonce() {
        return newNonce;
    }

    /** The {@code newAccount} endpoint (the draft dialect's {@code new-reg}). */
    public URI newAccount() {
        return newAccount;
    }

    /** The {@code newOrder} endpoint. */
    public Optional<URI> newOrder() {
        return newOrder;
    }

    /** The optional {@code newAuthz} endpoint (pre-authorization). */
    public Optional<URI> newAuthz() {
        return newAuthz;
    }

    /** The {@code revokeCert} endpoint. */
    public Optional<URI> revokeCert() {
        return revokeCert;
    }

    /** The {@code keyChange} endpoint. */
    public Optional<URI> keyChange() {
        return keyChange;
    }

    /** The {@code renewalInfo} endpoint (RFC 9773, ARI). */
    public Optional<URI> renewalInfo() {
        return renewalInfo;
    }

    /** The {@code meta} object. */
    public Meta meta() {
        return meta;
    }

    /** Members this library does not model. */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * The directory's {@code meta} object.
     *
     * <p>Immutable; normally made by the {@link Session}, with {@link #builder} for tests and
     * {@link #toBuilder()} for copies with a change.
     */
    public static final class Meta {

        /** A {@code meta} with nothing in it. */
        public static final Meta EMPTY = builder().build();

        private final Optional<URI> termsOfService;
        private final Optional<URI> website;
        private final List<String> caaIdentities;
        private final boolean externalAccountRequired;
        private final Map<String, String> profiles;
        private final boolean subdomainAuthAllowed;
        private final Map<String, Object> otherFields;

        private Meta(Builder b) {
            this.termsOfService = b.termsOfService;
            this.website = b.website;
            this.caaIdentities = b.caaIdentities;
            this.externalAccountRequired = b.externalAccountRequired;
            this.profiles = b.profiles;
            this.subdomainAuthAllowed = b.subdomainAuthAllowed;
            this.otherFields = b.otherFields;
        }

        /**
         * A builder for a {@link Directory.Meta}, for tests and for code that makes resources itself; the session
         * makes them from the CA's responses.
         *
         * @return the builder
         * @since 0.2.0
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * A builder holding this resource's values, for a copy with some of them changed.
         *
         * @return the builder
         * @since 0.2.0
         */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.termsOfService = termsOfService;
            b.website = website;
            b.caaIdentities = caaIdentities;
            b.externalAccountRequired = externalAccountRequired;
            b.profiles = profiles;
            b.subdomainAuthAllowed = subdomainAuthAllowed;
            b.otherFields = otherFields;
            return b;
        }

        /** The current terms of service. */
        public Optional<URI> termsOfService() {
            return termsOfService;
        }

        /** The CA's website. */
        public Optional<URI> website() {
            return website;
        }

        /** The domain names the CA recognises in CAA records. */
        public List<String> caaIdentities() {
            return caaIdentities;
        }

        /** Whether new accounts need an external account binding. */
        public boolean externalAccountRequired() {
            return externalAccountRequired;
        }

        /**
         * Certificate profiles by name, with a description or URL
         * (ACME profiles draft).
         */
        public Map<String, String> profiles() {
            return profiles;
        }

        /** Whether an authorization may cover subdomains (RFC 9444). */
        public boolean subdomainAuthAllowed() {
            return subdomainAuthAllowed;
        }

        /** Members this library does not model. */
        public Map<String, Object> otherFields() {
            return otherFields;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            return o instanceof Meta other
                    && termsOfService.equals(other.termsOfService)
                    && website.equals(other.website)
                    && caaIdentities.equals(other.caaIdentities)
                    && externalAccountRequired == other.externalAccountRequired
                    && profiles.equals(other.profiles)
                    && subdomainAuthAllowed == other.subdomainAuthAllowed
                    && otherFields.equals(other.otherFields);
        }

        @Override
        public int hashCode() {
            return Objects.hash(termsOfService, website, caaIdentities, externalAccountRequired, profiles,
                    subdomainAuthAllowed, otherFields);
        }

        @Override
        public String toString() {
            return "Meta["
                    + "termsOfService=" + termsOfService
                    + ", website=" + website
                    + ", caaIdentities=" + caaIdentities
                    + ", externalAccountRequired=" + externalAccountRequired
                    + ", profiles=" + profiles
                    + ", subdomainAuthAllowed=" + subdomainAuthAllowed
                    + ", otherFields=" + otherFields
                    + "]";
        }

        /**
         * Builds a {@link Directory.Meta}. Setters check for {@code null} and copy collections; {@link #build()}
         * checks that the parts the resource needs are there.
         *
         * @since 0.2.0
         */
        public static final class Builder {
            private Optional<URI> termsOfService = Optional.empty();
            private Optional<URI> website = Optional.empty();
            private List<String> caaIdentities = List.of();
            private boolean externalAccountRequired;
            private Map<String, String> profiles = Map.of();
            private boolean subdomainAuthAllowed;
            private Map<String, Object> otherFields = Map.of();

            private Builder() {
            }

            /**
             * Sets the current terms of service.
             *
             * @param termsOfService the value
             * @return this builder
             */
            public Builder termsOfService(URI termsOfService) {
                this.termsOfService = Optional.of(termsOfService);
                return this;
            }

            /**
             * Sets or clears the current terms of service.
             *
             * @param termsOfService the value, or empty for none
             * @return this builder
             */
            public Builder termsOfService(Optional<URI> termsOfService) {
                this.termsOfService = Objects.requireNonNull(termsOfService, "termsOfService");
                return this;
            }

            /**
             * Sets the CA's website.
             *
             * @param website the value
             * @return this builder
             */
            public Builder website(URI website) {
                this.website = Optional.of(website);
                return this;
            }

            /**
             * Sets or clears the CA's website.
             *
             * @param website the value, or empty for none
             * @return this builder
             */
            public Builder website(Optional<URI> website) {
                this.website = Objects.requireNonNull(website, "website");
                return this;
            }

            /**
             * Sets the domain names the CA recognises in CAA records.
             *
             * @param caaIdentities the values, copied
             * @return this builder
             */
            public Builder caaIdentities(List<String> caaIdentities) {
                this.caaIdentities = List.copyOf(caaIdentities);
                return this;
            }

            /**
             * Sets whether new accounts need an external account binding.
             *
             * @param externalAccountRequired the value
             * @return this builder
             */
            public Builder externalAccountRequired(boolean externalAccountRequired) {
                this.externalAccountRequired = externalAccountRequired;
                return this;
            }

            /**
             * Sets certificate profiles by name, with a description or URL.
             *
             * @param profiles the members, copied
             * @return this builder
             */
            public Builder profiles(Map<String, String> profiles) {
                this.profiles = Map.copyOf(profiles);
                return this;
            }

            /**
             * Sets whether an authorization may cover subdomains (RFC 9444).
             *
             * @param subdomainAuthAllowed the value
             * @return this builder
             */
            public Builder subdomainAuthAllowed(boolean subdomainAuthAllowed) {
                this.subdomainAuthAllowed = subdomainAuthAllowed;
                return this;
            }

            /**
             * Sets members this library does not model.
             *
             * @param otherFields the members, copied
             * @return this builder
             */
            public Builder otherFields(Map<String, Object> otherFields) {
                this.otherFields = Map.copyOf(otherFields);
                return this;
            }

            /**
             * Builds the Meta.
             *
             * @return a {@link Directory.Meta} with this builder's values
             */
            public Meta build() {
                return new Meta(this);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Directory other
                && url.equals(other.url)
                && newNonce.equals(other.newNonce)
                && newAccount.equals(other.newAccount)
                && newOrder.equals(other.newOrder)
                && newAuthz.equals(other.newAuthz)
                && revokeCert.equals(other.revokeCert)
                && keyChange.equals(other.keyChange)
                && renewalInfo.equals(other.renewalInfo)
                && meta.equals(other.meta)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, newNonce, newAccount, newOrder, newAuthz, revokeCert, keyChange, renewalInfo, meta,
                otherFields);
    }

    @Override
    public String toString() {
        return "Directory["
                + "url=" + url
                + ", newNonce=" + newNonce
                + ", newAccount=" + newAccount
                + ", newOrder=" + newOrder
                + ", newAuthz=" + newAuthz
                + ", revokeCert=" + revokeCert
                + ", keyChange=" + keyChange
                + ", renewalInfo=" + renewalInfo
                + ", meta=" + meta
                + ", otherFields=" + otherFields
                + "]";
    }

    /**
     * Builds a {@link Directory}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private Optional<URI> newNonce = Optional.empty();
        private URI newAccount;
        private Optional<URI> newOrder = Optional.empty();
        private Optional<URI> newAuthz = Optional.empty();
        private Optional<URI> revokeCert = Optional.empty();
        private Optional<URI> keyChange = Optional.empty();
        private Optional<URI> renewalInfo = Optional.empty();
        private Meta meta = Meta.EMPTY;
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the directory URL.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets the {@code newNonce} endpoint.
         *
         * @param newNonce the value
         * @return this builder
         */
        public Builder newNonce(URI newNonce) {
            this.newNonce = Optional.of(newNonce);
            return this;
        }

        /**
         * Sets or clears the {@code newNonce} endpoint.
         *
         * @param newNonce the value, or empty for none
         * @return this builder
         */
        public Builder newNonce(Optional<URI> newNonce) {
            this.newNonce = Objects.requireNonNull(newNonce, "newNonce");
            return this;
        }

        /**
         * Sets the {@code newAccount} endpoint (the draft dialect's {@code new-reg}).
         *
         * @param newAccount the value
         * @return this builder
         */
        public Builder newAccount(URI newAccount) {
            this.newAccount = Objects.requireNonNull(newAccount, "newAccount");
            return this;
        }

        /**
         * Sets the {@code newOrder} endpoint.
         *
         * @param newOrder the value
         * @return this builder
         */
        public Builder newOrder(URI newOrder) {
            this.newOrder = Optional.of(newOrder);
            return this;
        }

        /**
         * Sets or clears the {@code newOrder} endpoint.
         *
         * @param newOrder the value, or empty for none
         * @return this builder
         */
        public Builder newOrder(Optional<URI> newOrder) {
            this.newOrder = Objects.requireNonNull(newOrder, "newOrder");
            return this;
        }

        /**
         * Sets the optional {@code newAuthz} endpoint (pre-authorization).
         *
         * @param newAuthz the value
         * @return this builder
         */
        public Builder newAuthz(URI newAuthz) {
            this.newAuthz = Optional.of(newAuthz);
            return this;
        }

        /**
         * Sets or clears the optional {@code newAuthz} endpoint (pre-authorization).
         *
         * @param newAuthz the value, or empty for none
         * @return this builder
         */
        public Builder newAuthz(Optional<URI> newAuthz) {
            this.newAuthz = Objects.requireNonNull(newAuthz, "newAuthz");
            return this;
        }

        /**
         * Sets the {@code revokeCert} endpoint.
         *
         * @param revokeCert the value
         * @return this builder
         */
        public Builder revokeCert(URI revokeCert) {
            this.revokeCert = Optional.of(revokeCert);
            return this;
        }

        /**
         * Sets or clears the {@code revokeCert} endpoint.
         *
         * @param revokeCert the value, or empty for none
         * @return this builder
         */
        public Builder revokeCert(Optional<URI> revokeCert) {
            this.revokeCert = Objects.requireNonNull(revokeCert, "revokeCert");
            return this;
        }

        /**
         * Sets the {@code keyChange} endpoint.
         *
         * @param keyChange the value
         * @return this builder
         */
        public Builder keyChange(URI keyChange) {
            this.keyChange = Optional.of(keyChange);
            return this;
        }

        /**
         * Sets or clears the {@code keyChange} endpoint.
         *
         * @param keyChange the value, or empty for none
         * @return this builder
         */
        public Builder keyChange(Optional<URI> keyChange) {
            this.keyChange = Objects.requireNonNull(keyChange, "keyChange");
            return this;
        }

        /**
         * Sets the {@code renewalInfo} endpoint (RFC 9773, ARI).
         *
         * @param renewalInfo the value
         * @return this builder
         */
        public Builder renewalInfo(URI renewalInfo) {
            this.renewalInfo = Optional.of(renewalInfo);
            return this;
        }

        /**
         * Sets or clears the {@code renewalInfo} endpoint (RFC 9773, ARI).
         *
         * @param renewalInfo the value, or empty for none
         * @return this builder
         */
        public Builder renewalInfo(Optional<URI> renewalInfo) {
            this.renewalInfo = Objects.requireNonNull(renewalInfo, "renewalInfo");
            return this;
        }

        /**
         * Sets the {@code meta} object.
         *
         * @param meta the value
         * @return this builder
         */
        public Builder meta(Meta meta) {
            this.meta = Objects.requireNonNull(meta, "meta");
            return this;
        }

        /**
         * Sets members this library does not model.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the Directory.
         *
         * @return a {@link Directory} with this builder's values
         */
        public Directory build() {
            return new Directory(this);
        }
    }
}
