package org.certwright.acme;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to send when placing an order (RFC 8555 §7.4): the identifiers and the optional parts.
 *
 * <pre>{@code
 * NewOrder request = NewOrder.builder()
 *         .dns("example.com", "www.example.com")
 *         .profile("shortlived")
 *         .replaces(CertificateId.of(oldCertificate))
 *         .build();
 * }</pre>
 *
 * @param identifiers what the certificate is for; duplicates removed, order kept
 * @param notBefore   the requested start of validity (many CAs, Let's Encrypt included, refuse it)
 * @param notAfter    the requested end of validity
 * @param profile     the certificate profile; checked against {@link Directory.Meta#profiles()}
 * @param replaces    the certificate this order renews (RFC 9773); sent only if the CA offers ARI
 */
public record NewOrder(List<Identifier> identifiers, Optional<Instant> notBefore, Optional<Instant> notAfter,
                       Optional<String> profile, Optional<CertificateId> replaces) {

    /** Creates a request; at least one identifier is required. */
    public NewOrder {
        identifiers = List.copyOf(new LinkedHashSet<>(identifiers));
        if (identifiers.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one identifier");
        }
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(replaces, "replaces");
        if (notBefore.isPresent() && notAfter.isPresent() && !notAfter.get().isAfter(notBefore.get())) {
            throw new IllegalArgumentException("notAfter " + notAfter.get() + " is not after notBefore " + notBefore.get());
        }
        if (profile.isPresent() && profile.get().isBlank()) {
            throw new IllegalArgumentException("profile name is blank");
        }
    }

    /** An order for the given identifiers and nothing else. */
    public static NewOrder of(Collection<Identifier> identifiers) {
        return new NewOrder(List.copyOf(identifiers), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NewOrder}. Not thread-safe. */
    public static final class Builder {
        private final List<Identifier> identifiers = new ArrayList<>();
        private Instant notBefore;
        private Instant notAfter;
        private String profile;
        private CertificateId replaces;

        private Builder() {
        }

        /** Adds DNS names. */
        public Builder dns(String... names) {
            for (String n : names) {
                identifiers.add(Identifier.dns(n));
            }
            return this;
        }

        /** Adds identifiers. */
        public Builder identifiers(Collection<Identifier> ids) {
            identifiers.addAll(ids);
            return this;
        }

        /** Adds one identifier. */
        public Builder identifier(Identifier id) {
            identifiers.add(Objects.requireNonNull(id, "id"));
            return this;
        }

        /** Requests a start of validity. */
        public Builder notBefore(Instant instant) {
            this.notBefore = instant;
            return this;
        }

        /** Requests an end of validity. */
        public Builder notAfter(Instant instant) {
            this.notAfter = instant;
            return this;
        }

        /** Requests a certificate profile by name. */
        public Builder profile(String name) {
            this.profile = name;
            return this;
        }

        /** Says which certificate this order renews (RFC 9773 {@code replaces}). */
        public Builder replaces(CertificateId id) {
            this.replaces = id;
            return this;
        }

        /** The request. */
        public NewOrder build() {
            return new NewOrder(identifiers, Optional.ofNullable(notBefore), Optional.ofNullable(notAfter),
                    Optional.ofNullable(profile), Optional.ofNullable(replaces));
        }
    }
}
