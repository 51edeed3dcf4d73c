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
 * @param url           the challenge URL, where the response is posted
 * @param type          the challenge type, for example {@code http-01}, {@code dns-01},
 *                      {@code tls-alpn-01}, or the draft's {@code simpleHttps}
 * @param status        {@code pending}, {@code processing}, {@code valid} or {@code invalid}
 * @param token         the CA's token, for types that have one
 * @param validated     when the CA validated it
 * @param error         why validation failed, or (while {@code processing}) the last attempt's error
 * @param authorization the authorization this challenge belongs to ({@code Link rel="up"})
 * @param retryAfter    when the CA asked to be polled again, from the response of this snapshot
 * @param otherFields   members this library does not model, including type-specific ones
 */
public record Challenge(
        URI url,
        String type,
        Status status,
        Optional<String> token,
        Optional<Instant> validated,
        Optional<Problem> error,
        Optional<Link<Authorization>> authorization,
        Optional<Instant> retryAfter,
        Map<String, Object> otherFields) {

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

    /**
     * Creates a challenge snapshot; the map is copied. The session builds these from what the
     * CA sent, after checking the token's syntax; this constructor checks only for {@code null}.
     *
     * @throws NullPointerException if a component is {@code null}
     */
    public Challenge {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(validated, "validated");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(authorization, "authorization");
        Objects.requireNonNull(retryAfter, "retryAfter");
        otherFields = Map.copyOf(otherFields);
    }

    /** A string member this library does not model, such as a draft type's field. */
    public Optional<String> stringField(String name) {
        Object v = otherFields.get(name);
        return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A string-array member this library does not model (dns-persist-01's {@code issuer-domain-names}). */
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
}
