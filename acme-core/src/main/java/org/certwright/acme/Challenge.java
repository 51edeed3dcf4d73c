package org.certwright.acme;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.problem.Problem;

/**
 * A challenge (RFC 8555 §7.1.5, §8): one way to prove control of an identifier.
 *
 * <p>An immutable snapshot. Challenges are normally made by the {@link Session} from the CA's
 * responses; {@link #builder} exists for tests, and {@link #toBuilder()} for copies with a change.
 */
public final class Challenge implements LinkTarget {

    /** The RFC 8555 HTTP challenge. */
    public static final String HTTP_01 = "http-01";
    /** The RFC 8555 DNS challenge. */
    public static final String DNS_01 = "dns-01";
    /** The RFC 8737 TLS ALPN challenge. */
    public static final String TLS_ALPN_01 = "tls-alpn-01";
    /** The account-scoped DNS challenge (draft-ietf-acme-dns-account-label). */
    public static final String DNS_ACCOUNT_01 = "dns-account-01";
    /** The persistent DNS challenge (draft-ietf-acme-dns-persist). */
    public static final String DNS_PERSIST_01 = "dns-persist-01";
    /**
     * The HTTPS challenge of the 2015 draft dialect ({@link Dialect#DRAFT_BARNES_ACME}): the token
     * served at a path the client chooses, over HTTPS with a self-signed certificate for the
     * account key.
     */
    public static final String SIMPLE_HTTPS = "simpleHttps";
    /**
     * The DNS challenge of the 2015 draft dialect: the token itself in a TXT record at
     * {@code _acme-challenge.<domain>}.
     */
    public static final String DNS = "dns";

    private final URI url;
    private final String type;
    private final Status status;
    private final Optional<String> token;
    private final Optional<Instant> validated;
    private final Optional<Problem> error;
    private final Optional<Link<Authorization>> authorization;
    private final Optional<Instant> retryAfter;
    private final Map<String, Object> otherFields;

    private Challenge(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.type = Objects.requireNonNull(b.type, "type");
        this.status = Objects.requireNonNull(b.status, "status");
        this.token = b.token;
        this.validated = b.validated;
        this.error = b.error;
        this.authorization = b.authorization;
        this.retryAfter = b.retryAfter;
        this.otherFields = b.otherFields;
    }

    /**
     * A builder for a {@link Challenge}, for tests and for code that makes resources itself; the session
     * makes them from the CA's responses.
     *
     * @param url the challenge URL, where the response is posted
     * @param type the challenge type, for example {@code http-01}, {@code dns-01},
     *        {@code tls-alpn-01}, or the draft's {@code simpleHttps}
     * @param status {@code pending}, {@code processing}, {@code valid} or {@code invalid}
     * @return the builder
     * @since 0.2.0
     */
    public static Builder builder(URI url, String type, Status status) {
        Builder b = new Builder();
        b.url = Objects.requireNonNull(url, "url");
        b.type = Objects.requireNonNull(type, "type");
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
        b.type = type;
        b.status = status;
        b.token = token;
        b.validated = validated;
        b.error = error;
        b.authorization = authorization;
        b.retryAfter = retryAfter;
        b.otherFields = otherFields;
        return b;
    }

    /** The challenge URL, where the response is posted. */
    @Override
    public URI url() {
        return url;
    }

    /**
     * The challenge type, for example {@code http-01}, {@code dns-01},
     * {@code tls-alpn-01}, or the draft's {@code simpleHttps}.
     */
    public String type() {
        return type;
    }

    /** {@code pending}, {@code processing}, {@code valid} or {@code invalid}. */
    public Status status() {
        return status;
    }

    /** The CA's token, for types that have one. */
    public Optional<String> token() {
        return token;
    }

    /** When the CA validated it. */
    public Optional<Instant> validated() {
        return validated;
    }

    /** Why validation failed, or (while {@code processing}) the last attempt's error. */
    public Optional<Problem> error() {
        return error;
    }

    /** The authorization this challenge belongs to ({@code Link rel="up"}). */
    public Optional<Link<Authorization>> authorization() {
        return authorization;
    }

    /** When the CA asked to be polled again, from the response of this snapshot. */
    public Optional<Instant> retryAfter() {
        return retryAfter;
    }

    /** Members this library does not model, including type-specific ones. */
    public Map<String, Object> otherFields() {
        return otherFields;
    }

    /**
     * A string member this library does not model, such as a draft type's field.
     *
     * @param name the member name
     * @return its value, if it is a string
     */
    public Optional<String> stringField(String name) {
        Object v = otherFields.get(name);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * A string-array member this library does not model (dns-persist-01's {@code issuer-domain-names}).
     *
     * @param name the member name
     * @return its string elements, or an empty list if it is absent or not an array
     */
    public List<String> stringListField(String name) {
        Object v = otherFields.get(name);
        if (v instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** A link to this challenge, for {@link Session#fetch(Link)}. */
    public Link<Challenge> self() {
        return Link.challenge(url);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Challenge other
                && url.equals(other.url)
                && type.equals(other.type)
                && status.equals(other.status)
                && token.equals(other.token)
                && validated.equals(other.validated)
                && error.equals(other.error)
                && authorization.equals(other.authorization)
                && retryAfter.equals(other.retryAfter)
                && otherFields.equals(other.otherFields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, type, status, token, validated, error, authorization, retryAfter, otherFields);
    }

    @Override
    public String toString() {
        return "Challenge["
                + "url=" + url
                + ", type=" + type
                + ", status=" + status
                + ", token=" + token
                + ", validated=" + validated
                + ", error=" + error
                + ", authorization=" + authorization
                + ", retryAfter=" + retryAfter
                + ", otherFields=" + otherFields
                + "]";
    }

    /**
     * Builds a {@link Challenge}. Setters check for {@code null} and copy collections; {@link #build()}
     * checks that the parts the resource needs are there.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private URI url;
        private String type;
        private Status status;
        private Optional<String> token = Optional.empty();
        private Optional<Instant> validated = Optional.empty();
        private Optional<Problem> error = Optional.empty();
        private Optional<Link<Authorization>> authorization = Optional.empty();
        private Optional<Instant> retryAfter = Optional.empty();
        private Map<String, Object> otherFields = Map.of();

        private Builder() {
        }

        /**
         * Sets the challenge URL, where the response is posted.
         *
         * @param url the value
         * @return this builder
         */
        public Builder url(URI url) {
            this.url = Objects.requireNonNull(url, "url");
            return this;
        }

        /**
         * Sets the challenge type, for example {@code http-01}, {@code dns-01},.
         *
         * @param type the value
         * @return this builder
         */
        public Builder type(String type) {
            this.type = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * Sets {@code pending}, {@code processing}, {@code valid} or {@code invalid}.
         *
         * @param status the value
         * @return this builder
         */
        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets the CA's token, for types that have one.
         *
         * @param token the value
         * @return this builder
         */
        public Builder token(String token) {
            this.token = Optional.of(token);
            return this;
        }

        /**
         * Sets or clears the CA's token, for types that have one.
         *
         * @param token the value, or empty for none
         * @return this builder
         */
        public Builder token(Optional<String> token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        /**
         * Sets when the CA validated it.
         *
         * @param validated the value
         * @return this builder
         */
        public Builder validated(Instant validated) {
            this.validated = Optional.of(validated);
            return this;
        }

        /**
         * Sets or clears when the CA validated it.
         *
         * @param validated the value, or empty for none
         * @return this builder
         */
        public Builder validated(Optional<Instant> validated) {
            this.validated = Objects.requireNonNull(validated, "validated");
            return this;
        }

        /**
         * Sets why validation failed, or (while {@code processing}) the last attempt's error.
         *
         * @param error the value
         * @return this builder
         */
        public Builder error(Problem error) {
            this.error = Optional.of(error);
            return this;
        }

        /**
         * Sets or clears why validation failed, or (while {@code processing}) the last attempt's error.
         *
         * @param error the value, or empty for none
         * @return this builder
         */
        public Builder error(Optional<Problem> error) {
            this.error = Objects.requireNonNull(error, "error");
            return this;
        }

        /**
         * Sets the authorization this challenge belongs to ({@code Link rel="up"}).
         *
         * @param authorization the value
         * @return this builder
         */
        public Builder authorization(Link<Authorization> authorization) {
            this.authorization = Optional.of(authorization);
            return this;
        }

        /**
         * Sets or clears the authorization this challenge belongs to ({@code Link rel="up"}).
         *
         * @param authorization the value, or empty for none
         * @return this builder
         */
        public Builder authorization(Optional<Link<Authorization>> authorization) {
            this.authorization = Objects.requireNonNull(authorization, "authorization");
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
         * Sets members this library does not model, including type-specific ones.
         *
         * @param otherFields the members, copied
         * @return this builder
         */
        public Builder otherFields(Map<String, Object> otherFields) {
            this.otherFields = Map.copyOf(otherFields);
            return this;
        }

        /**
         * Builds the Challenge.
         *
         * @return a {@link Challenge} with this builder's values
         */
        public Challenge build() {
            return new Challenge(this);
        }
    }
}
