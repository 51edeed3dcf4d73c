package org.certwright.acme;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An account at the CA (RFC 8555 §7.1.2; the 2015 drafts call it a registration), as last seen.
 *
 * <p>An immutable snapshot. Registrations are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class Registration {

    private final URI url;
    private final Status status;
    private final List<URI> contacts;
    private final Optional<Boolean> termsOfServiceAgreed;
    private final Optional<Link<OrderList>> orders;
    private final Optional<URI> termsOfService;
    private final Map<String, Object> otherFields;

    private Registration(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.status = Objects.requireNonNull(b.status, "status");
        this.contacts = b.contacts;
        this.termsOfServiceAgreed = b.termsOfServiceAgreed;
        this.orders = b.orders;
        this.termsOfService = b.termsOfService;
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for a {@link Registration}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the account URL, which is also the JWS {@code kid}
     * @param status {@code valid}, {@code deactivated} or {@code revoked}
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, Status status) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.status = Objects.requireNonNull(status, "status");
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
        b.status = status;
        b.contacts = contacts;
        b.termsOfServiceAgreed = termsOfServiceAgreed;
        b.orders = orders;
        b.termsOfService = termsOfService;
        b.otherFields = otherFields;
        return b;
    }

    /** The account URL, which is also the JWS {@code kid}. */
    public URI url() {
        return url;
    }

    /** {@code valid}, {@code deactivated} or {@code revoked}. */
    public Status status() {
        return status;
    }

    /** Contact URLs, such as {@code mailto:} addresses. */
    public List<URI> contacts() {
        return contacts;
    }

    /** Whether the terms of service were agreed to, if the CA says. */
    public Optional<Boolean> termsOfServiceAgreed() {
        return termsOfServiceAgreed;
    }

    /** The account's order list, if the CA offers one. */
    public Optional<Link<OrderList>> orders() {
        return orders;
    }

    /**
     * Terms of service the CA linked to in the response
     * ({@code Link rel="terms-of-service"}).
     */
    public Optional<URI> termsOfService() {
        return termsOfService;
    }

    /**
     * Members this library does not model; for the draft dialect these
     * include {@code agreement} and {@code recoveryToken}, read with {@link DraftFields}.
     */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Registration other
                && url.equals(other.url)
                && status.equals(other.status)
                && contacts.equals(other.contacts)
                && termsOfServiceAgreed.equals(other.termsOfServiceAgreed)
                && orders.equals(other.orders)
                && termsOfService.equals(other.termsOfService)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, status, contacts, termsOfServiceAgreed, orders, termsOfService, otherFields);
    }

    @Override
    public String toString() {
        // The draft's recovery token (in otherFields) is a credential; keep it out of logs.
        return "Registration[" + url + ", " + status + ", contacts=" + contacts + "]";
    }

    /**
     * Builds a {@link Registration}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private Status status;
        private List<URI> contacts = List.of();
        private Optional<Boolean> termsOfServiceAgreed = Optional.empty();
        private Optional<Link<OrderList>> orders = Optional.empty();
        private Optional<URI> termsOfService = Optional.empty();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the account URL, which is also the JWS {@code kid}.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets {@code valid}, {@code deactivated} or {@code revoked}.
         *
         * @param status the value
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets contact URLs, such as {@code mailto:} addresses.
         *
         * @param contacts the values, copied
         * @return this builder
         */
        public Builder contacts(List<URI> contacts) {
            this.contacts = List.copyOf(contacts);
            return this;
        }

        /**
         * Sets whether the terms of service were agreed to, if the CA says.
         *
         * @param termsOfServiceAgreed the value
         * @return this builder
         */
        public Builder termsOfServiceAgreed(Boolean termsOfServiceAgreed) {
            this.termsOfServiceAgreed = Optional.of(termsOfServiceAgreed);
            return this;
        }

        /**
         * Sets or clears whether the terms of service were agreed to, if the CA says.
         *
         * @param termsOfServiceAgreed the value, or empty for none
         * @return this builder
         */
        public Builder termsOfServiceAgreed(Optional<Boolean> termsOfServiceAgreed) {
            this.termsOfServiceAgreed = Objects.requireNonNull(termsOfServiceAgreed, "termsOfServiceAgreed");
            return this;
        }

        /**
         * Sets the account's order list, if the CA offers one.
         *
         * @param orders the value
         * @return this builder
         */
        public Builder orders(Link<OrderList> orders) {
            this.orders = Optional.of(orders);
            return this;
        }

        /**
         * Sets or clears the account's order list, if the CA offers one.
         *
         * @param orders the value, or empty for none
         * @return this builder
         */
        public Builder orders(Optional<Link<OrderList>> orders) {
            this.orders = Objects.requireNonNull(orders, "orders");
            return this;
        }

        /**
         * Sets terms of service the CA linked to in the response.
         *
         * @param termsOfService the value
         * @return this builder
         */
        public Builder termsOfService(URI termsOfService) {
            this.termsOfService = Optional.of(termsOfService);
            return this;
        }

        /**
         * Sets or clears terms of service the CA linked to in the response.
         *
         * @param termsOfService the value, or empty for none
         * @return this builder
         */
        public Builder termsOfService(Optional<URI> termsOfService) {
            this.termsOfService = Objects.requireNonNull(termsOfService, "termsOfService");
            return this;
        }

        /**
         * Sets members this library does not model; for the draft dialect these.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the Registration.
         *
         * @return a {@link Registration} with this builder's values
         */
        public Registration build() {
            return new Registration(this);
        }
    }
}
