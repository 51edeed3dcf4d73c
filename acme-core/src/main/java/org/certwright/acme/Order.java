package org.certwright.acme;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.problem.Problem;

/**
 * An order for a certificate (RFC 8555 §7.1.3), as last seen. To see a newer state, ask the session:
 * {@link Session#refresh(Order)}.
 *
 * <p>An immutable snapshot. Orders are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 * Unlike a record's constructor, the builder lets later releases add members without breaking
 * code that makes orders.
 */
public final class Order implements LinkTarget {

    private final URI url;
    private final Status status;
    private final Optional<Instant> expires;
    private final List<Identifier> identifiers;
    private final Optional<Instant> notBefore;
    private final Optional<Instant> notAfter;
    private final Optional<Problem> error;
    private final List<Link<Authorization>> authorizations;
    private final URI finalizeUrl;
    private final Optional<Link<Certificate>> certificate;
    private final Optional<String> profile;
    private final Optional<String> replaces;
    private final Optional<Instant> retryAfter;
    private final Map<String, Object> otherFields;

    private Order(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.status = Objects.requireNonNull(b.status, "status");
        this.expires = b.expires;
        this.identifiers = b.identifiers;
        this.notBefore = b.notBefore;
        this.notAfter = b.notAfter;
        this.error = b.error;
        this.authorizations = b.authorizations;
        this.finalizeUrl = Objects.requireNonNull(b.finalizeUrl, "finalizeUrl");
        this.certificate = b.certificate;
        this.profile = b.profile;
        this.replaces = b.replaces;
        this.retryAfter = b.retryAfter;
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for an {@link Order}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the order URL
     * @param status {@code pending}, {@code ready}, {@code processing}, {@code valid} or
     *        {@code invalid}
     * @param finalizeUrl where to send the CSR
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, Status status, URI finalizeUrl) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.status = Objects.requireNonNull(status, "status");
        b.finalizeUrl = Objects.requireNonNull(finalizeUrl, "finalizeUrl");
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
        b.expires = expires;
        b.identifiers = identifiers;
        b.notBefore = notBefore;
        b.notAfter = notAfter;
        b.error = error;
        b.authorizations = authorizations;
        b.finalizeUrl = finalizeUrl;
        b.certificate = certificate;
        b.profile = profile;
        b.replaces = replaces;
        b.retryAfter = retryAfter;
        b.otherFields = otherFields;
        return b;
    }

    /** The order URL. */
    @Override
    public URI url() {
        return url;
    }

    /**
     * {@code pending}, {@code ready}, {@code processing}, {@code valid} or
     * {@code invalid}.
     */
    public Status status() {
        return status;
    }

    /** When the order expires. */
    public Optional<Instant> expires() {
        return expires;
    }

    /** What the certificate will be for. */
    public List<Identifier> identifiers() {
        return identifiers;
    }

    /** The requested start of validity. */
    public Optional<Instant> notBefore() {
        return notBefore;
    }

    /** The requested end of validity. */
    public Optional<Instant> notAfter() {
        return notAfter;
    }

    /** Why the order failed, when it did. */
    public Optional<Problem> error() {
        return error;
    }

    /** The authorizations to complete. */
    public List<Link<Authorization>> authorizations() {
        return authorizations;
    }

    /** Where to send the CSR. */
    public URI finalizeUrl() {
        return finalizeUrl;
    }

    /** The issued certificate, once the order is {@code valid}. */
    public Optional<Link<Certificate>> certificate() {
        return certificate;
    }

    /** The certificate profile (ACME profiles draft). */
    public Optional<String> profile() {
        return profile;
    }

    /** The ARI id of the certificate this order replaces (RFC 9773). */
    public Optional<String> replaces() {
        return replaces;
    }

    /**
     * When the CA asked to be polled again ({@code Retry-After}) in the response
     * this snapshot came from.
     */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }

    /** Members this library does not model. */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * A link to this order, for {@link Session#fetch(Link)}.
     *
     * @return the link
     */
    public Link<Order> self() {
        return Link.order(url);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Order other
                && url.equals(other.url)
                && status.equals(other.status)
                && expires.equals(other.expires)
                && identifiers.equals(other.identifiers)
                && notBefore.equals(other.notBefore)
                && notAfter.equals(other.notAfter)
                && error.equals(other.error)
                && authorizations.equals(other.authorizations)
                && finalizeUrl.equals(other.finalizeUrl)
                && certificate.equals(other.certificate)
                && profile.equals(other.profile)
                && replaces.equals(other.replaces)
                && retryAfter.equals(other.retryAfter)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, status, expires, identifiers, notBefore, notAfter, error, authorizations,
                finalizeUrl, certificate, profile, replaces, retryAfter, otherFields);
    }

    @Override
    public String toString() {
        return "Order["
                + "url=" + url
                + ", status=" + status
                + ", expires=" + expires
                + ", identifiers=" + identifiers
                + ", notBefore=" + notBefore
                + ", notAfter=" + notAfter
                + ", error=" + error
                + ", authorizations=" + authorizations
                + ", finalizeUrl=" + finalizeUrl
                + ", certificate=" + certificate
                + ", profile=" + profile
                + ", replaces=" + replaces
                + ", retryAfter=" + retryAfter
                + ", otherFields=" + otherFields
                + "]";
    }

    /**
     * Builds an {@link Order}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private Status status;
        private Optional<Instant> expires = Optional.empty();
        private List<Identifier> identifiers = List.of();
        private Optional<Instant> notBefore = Optional.empty();
        private Optional<Instant> notAfter = Optional.empty();
        private Optional<Problem> error = Optional.empty();
        private List<Link<Authorization>> authorizations = List.of();
        private URI finalizeUrl;
        private Optional<Link<Certificate>> certificate = Optional.empty();
        private Optional<String> profile = Optional.empty();
        private Optional<String> replaces = Optional.empty();
        private Optional<Instant> retryAfter = Optional.empty();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the order URL.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets {@code pending}, {@code ready}, {@code processing}, {@code valid} or.
         *
         * @param status the value
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets when the order expires.
         *
         * @param expires the value
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = Optional.of(expires);
            return this;
        }

        /**
         * Sets or clears when the order expires.
         *
         * @param expires the value, or empty for none
         * @return this builder
         */
        public Builder expires(Optional<Instant> expires) {
            this.expires = Objects.requireNonNull(expires, "expires");
            return this;
        }

        /**
         * Sets what the certificate will be for.
         *
         * @param identifiers the values, copied
         * @return this builder
         */
        public Builder identifiers(List<Identifier> identifiers) {
            this.identifiers = List.copyOf(identifiers);
            return this;
        }

        /**
         * Sets the requested start of validity.
         *
         * @param notBefore the value
         * @return this builder
         */
        public Builder notBefore(Instant notBefore) {
            this.notBefore = Optional.of(notBefore);
            return this;
        }

        /**
         * Sets or clears the requested start of validity.
         *
         * @param notBefore the value, or empty for none
         * @return this builder
         */
        public Builder notBefore(Optional<Instant> notBefore) {
            this.notBefore = Objects.requireNonNull(notBefore, "notBefore");
            return this;
        }

        /**
         * Sets the requested end of validity.
         *
         * @param notAfter the value
         * @return this builder
         */
        public Builder notAfter(Instant notAfter) {
            this.notAfter = Optional.of(notAfter);
            return this;
        }

        /**
         * Sets or clears the requested end of validity.
         *
         * @param notAfter the value, or empty for none
         * @return this builder
         */
        public Builder notAfter(Optional<Instant> notAfter) {
            this.notAfter = Objects.requireNonNull(notAfter, "notAfter");
            return this;
        }

        /**
         * Sets why the order failed, when it did.
         *
         * @param error the value
         * @return this builder
         */
        public Builder error(Problem error) {
            this.error = Optional.of(error);
            return this;
        }

        /**
         * Sets or clears why the order failed, when it did.
         *
         * @param error the value, or empty for none
         * @return this builder
         */
        public Builder error(Optional<Problem> error) {
            this.error = Objects.requireNonNull(error, "error");
            return this;
        }

        /**
         * Sets the authorizations to complete.
         *
         * @param authorizations the values, copied
         * @return this builder
         */
        public Builder authorizations(List<Link<Authorization>> authorizations) {
            this.authorizations = List.copyOf(authorizations);
            return this;
        }

        /**
         * Sets where to send the CSR.
         *
         * @param finalizeUrl the value
         * @return this builder
         */
        public Builder finalizeUrl(URI finalizeUrl) {
            this.finalizeUrl = Objects.requireNonNull(finalizeUrl, "finalizeUrl");
            return this;
        }

        /**
         * Sets the issued certificate, once the order is {@code valid}.
         *
         * @param certificate the value
         * @return this builder
         */
        public Builder certificate(Link<Certificate> certificate) {
            this.certificate = Optional.of(certificate);
            return this;
        }

        /**
         * Sets or clears the issued certificate, once the order is {@code valid}.
         *
         * @param certificate the value, or empty for none
         * @return this builder
         */
        public Builder certificate(Optional<Link<Certificate>> certificate) {
            this.certificate = Objects.requireNonNull(certificate, "certificate");
            return this;
        }

        /**
         * Sets the certificate profile (ACME profiles draft).
         *
         * @param profile the value
         * @return this builder
         */
        public Builder profile(String profile) {
            this.profile = Optional.of(profile);
            return this;
        }

        /**
         * Sets or clears the certificate profile (ACME profiles draft).
         *
         * @param profile the value, or empty for none
         * @return this builder
         */
        public Builder profile(Optional<String> profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /**
         * Sets the ARI id of the certificate this order replaces (RFC 9773).
         *
         * @param replaces the value
         * @return this builder
         */
        public Builder replaces(String replaces) {
            this.replaces = Optional.of(replaces);
            return this;
        }

        /**
         * Sets or clears the ARI id of the certificate this order replaces (RFC 9773).
         *
         * @param replaces the value, or empty for none
         * @return this builder
         */
        public Builder replaces(Optional<String> replaces) {
            this.replaces = Objects.requireNonNull(replaces, "replaces");
            return this;
        }

        /**
         * Sets when the CA asked to be polled again ({@code Retry-After}) in the response.
         *
         * @param retryAfter the value
         * @return this builder
         */
        public Builder retryAfter(Instant retryAfter) {
            this.retryAfter = Optional.of(retryAfter);
            return this;
        }

        /**
         * Sets or clears when the CA asked to be polled again ({@code Retry-After}) in the response.
         *
         * @param retryAfter the value, or empty for none
         * @return this builder
         */
        public Builder retryAfter(Optional<Instant> retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
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
         * Builds the Order.
         *
         * @return an {@link Order} with this builder's values
         */
        public Order build() {
            return new Order(this);
        }
    }
}
