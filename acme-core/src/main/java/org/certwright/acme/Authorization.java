package org.certwright.acme;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization (RFC 8555 §7.1.4): the CA's record of whether the account controls an
 * identifier, with the challenges that can prove it.
 *
 * <p>An immutable snapshot. Authorizations are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class Authorization implements LinkTarget {

    private final URI url;
    private final Status status;
    private final Identifier identifier;
    private final Optional<Instant> expires;
    private final List<Challenge> challenges;
    private final boolean wildcard;
    private final Optional<Instant> retryAfter;
    private final Map<String, Object> otherFields;

    private Authorization(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.status = Objects.requireNonNull(b.status, "status");
        this.identifier = Objects.requireNonNull(b.identifier, "identifier");
        this.expires = b.expires;
        this.challenges = b.challenges;
        this.wildcard = b.wildcard;
        this.retryAfter = b.retryAfter;
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for an {@link Authorization}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the authorization URL
     * @param status {@code pending}, {@code valid}, {@code invalid}, {@code deactivated},
     *        {@code expired} or {@code revoked}
     * @param identifier the identifier; for a wildcard order, the base name (see {@link #wildcard()})
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, Status status, Identifier identifier) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.status = Objects.requireNonNull(status, "status");
        b.identifier = Objects.requireNonNull(identifier, "identifier");
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
        b.identifier = identifier;
        b.expires = expires;
        b.challenges = challenges;
        b.wildcard = wildcard;
        b.retryAfter = retryAfter;
        b.otherFields = otherFields;
        return b;
    }

    /** The authorization URL. */
    @Override
    public URI url() {
        return url;
    }

    /**
     * {@code pending}, {@code valid}, {@code invalid}, {@code deactivated},
     * {@code expired} or {@code revoked}.
     */
    public Status status() {
        return status;
    }

    /** The identifier; for a wildcard order, the base name (see {@link #wildcard()}). */
    public Identifier identifier() {
        return identifier;
    }

    /** When the authorization expires. */
    public Optional<Instant> expires() {
        return expires;
    }

    /** The ways to prove control. */
    public List<Challenge> challenges() {
        return challenges;
    }

    /** Whether this authorization is for a wildcard name ({@code *.} + identifier). */
    public boolean wildcard() {
        return wildcard;
    }

    /** When the CA asked to be polled again, from the response of this snapshot. */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }

    /**
     * Members this library does not model; for the draft dialect these include
     * {@code combinations}, read with {@link DraftFields#combinations}.
     */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * The challenge of a type, such as {@code http-01}, if the CA offered one.
     *
     * @param type the challenge type
     * @return the first challenge of that type
     */
    public Optional<Challenge> challenge(String type) {
        return challenges.stream().filter(c -> c.type().equals(type)).findFirst();
    }

    /** The identifier as ordered: {@code *.example.com} for a wildcard authorization. */
    public Identifier orderedIdentifier() {
        return wildcard ? Identifier.dns("*." + identifier.value()) : identifier;
    }

    /** A link to this authorization, for {@link Session#fetch(Link)}. */
    public Link<Authorization> self() {
        return Link.authorization(url);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Authorization other
                && url.equals(other.url)
                && status.equals(other.status)
                && identifier.equals(other.identifier)
                && expires.equals(other.expires)
                && challenges.equals(other.challenges)
                && wildcard == other.wildcard
                && retryAfter.equals(other.retryAfter)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, status, identifier, expires, challenges, wildcard, retryAfter, otherFields);
    }

    @Override
    public String toString() {
        return "Authorization["
                + "url=" + url
                + ", status=" + status
                + ", identifier=" + identifier
                + ", expires=" + expires
                + ", challenges=" + challenges
                + ", wildcard=" + wildcard
                + ", retryAfter=" + retryAfter
                + ", otherFields=" + otherFields
                + "]";
    }

    /**
     * Builds an {@link Authorization}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private Status status;
        private Identifier identifier;
        private Optional<Instant> expires = Optional.empty();
        private List<Challenge> challenges = List.of();
        private boolean wildcard;
        private Optional<Instant> retryAfter = Optional.empty();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the authorization URL.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets {@code pending}, {@code valid}, {@code invalid}, {@code deactivated},.
         *
         * @param status the value
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets the identifier; for a wildcard order, the base name (see {@link #wildcard()}).
         *
         * @param identifier the value
         * @return this builder
         */
        public Builder identifier(Identifier identifier) {
            this.identifier = Objects.requireNonNull(identifier, "identifier");
            return this;
        }

        /**
         * Sets when the authorization expires.
         *
         * @param expires the value
         * @return this builder
         */
        public Builder expires(Instant expires) {
            this.expires = Optional.of(expires);
            return this;
        }

        /**
         * Sets or clears when the authorization expires.
         *
         * @param expires the value, or empty for none
         * @return this builder
         */
        public Builder expires(Optional<Instant> expires) {
            this.expires = Objects.requireNonNull(expires, "expires");
            return this;
        }

        /**
         * Sets the ways to prove control.
         *
         * @param challenges the values, copied
         * @return this builder
         */
        public Builder challenges(List<Challenge> challenges) {
            this.challenges = List.copyOf(challenges);
            return this;
        }

        /**
         * Sets whether this authorization is for a wildcard name ({@code *.} + identifier).
         *
         * @param wildcard the value
         * @return this builder
         */
        public Builder wildcard(boolean wildcard) {
            this.wildcard = wildcard;
            return this;
        }

        /**
         * Sets when the CA asked to be polled again, from the response of this snapshot.
         *
         * @param retryAfter the value
         * @return this builder
         */
        public Builder retryAfter(Instant retryAfter) {
            this.retryAfter = Optional.of(retryAfter);
            return this;
        }

        /**
         * Sets or clears when the CA asked to be polled again, from the response of this snapshot.
         *
         * @param retryAfter the value, or empty for none
         * @return this builder
         */
        public Builder retryAfter(Optional<Instant> retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
            return this;
        }

        /**
         * Sets members this library does not model; for the draft dialect these include.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the Authorization.
         *
         * @return an {@link Authorization} with this builder's values
         */
        public Authorization build() {
            return new Authorization(this);
        }
    }
}
