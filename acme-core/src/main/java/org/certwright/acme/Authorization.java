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
 * @param url          the authorization URL
 * @param status       {@code pending}, {@code valid}, {@code invalid}, {@code deactivated},
 *                     {@code expired} or {@code revoked}
 * @param identifier   the identifier; for a wildcard order, the base name (see {@link #wildcard()})
 * @param expires      when the authorization expires
 * @param challenges   the ways to prove control
 * @param wildcard     whether this authorization is for a wildcard name ({@code *.} + identifier)
 * @param retryAfter   when the CA asked to be polled again, from the response of this snapshot
 * @param otherFields  members this library does not model; for the draft dialect these include
 *                     {@code combinations}, read with {@link DraftFields#combinations}
 */
public record Authorization(
        URI url,
        Status status,
        Identifier identifier,
        Optional<Instant> expires,
        List<Challenge> challenges,
        boolean wildcard,
        Optional<Instant> retryAfter,
        Map<String, Object> otherFields) {

    /** Creates an authorization snapshot; collections are copied. */
    public Authorization {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(expires, "expires");
        challenges = List.copyOf(challenges);
        Objects.requireNonNull(retryAfter, "retryAfter");
        otherFields = Map.copyOf(otherFields);
    }

    /** The challenge of a type, such as {@code http-01}, if the CA offered one. */
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
}
