package org.certwright.acme.challenges;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certwright.acme.Challenge;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS challenges through a {@link DnsProvider}: dns-01 (RFC 8555 §8.4), dns-account-01 (the
 * account-specific label), dns-persist-01 (the persistent record naming the CA and the account) and
 * the 2015 draft dialect's {@code dns} (the token itself at {@code _acme-challenge.<domain>}).
 *
 * <pre>{@code
 * ChallengeResponder dns = DnsResponder.builder(Rfc2136DnsProvider.builder("ns1.example.com", 53)
 *                 .tsigKey("acme-update", "hmac-sha256", secret)
 *                 .build())
 *         .build();
 * IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
 *         .dns("example.com", "*.example.com")
 *         .challengeTypes(Challenge.DNS_01)
 *         .responders(dns)
 *         .build());
 * }</pre>
 *
 * <p>For each challenge it publishes the TXT record that the challenge names ({@link ChallengeContext#dnsRecord()};
 * a wildcard is validated at its base name), at the end of a CNAME chain starting at that name when
 * there is one (delegation of {@code _acme-challenge} to a zone the provider can update). The issuance
 * flow then calls {@link Provision#awaitReady(Duration)}, which runs the {@link PropagationCheck}
 * (by default {@link DnsPropagationChecker}: the zone's authoritative servers must all serve the value)
 * before the CA is told to look. {@link Provision#close()} removes the record, also when validation
 * failed; persistent dns-persist-01 records stay, unless {@link Builder#removePersistentRecords} says
 * otherwise. IP identifiers are declined (RFC 8738 rules DNS challenges out for them).
 *
 * <p>Immutable and thread-safe, if the provider is.
 */
public final class DnsResponder implements ChallengeResponder {

    private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);

    /** The challenge types answered by default. */
    public static final Set<String> DNS_CHALLENGE_TYPES = Set.of(Challenge.DNS_01, Challenge.DNS_ACCOUNT_01,
            Challenge.DNS_PERSIST_01, Challenge.DNS);

    private final DnsProvider provider;
    private final Set<String> types;
    private final PropagationCheck propagation;
    private final boolean followCnames;
    private final boolean removePersistent;

    private DnsResponder(Builder builder) {
        this.provider = builder.provider;
        this.types = Set.copyOf(builder.types);
        this.propagation = builder.propagation != null ? builder.propagation : DnsPropagationChecker.create();
        this.followCnames = builder.followCnames;
        this.removePersistent = builder.removePersistent;
    }

    /**
     * A responder with the defaults: all four DNS challenge types, {@link DnsPropagationChecker#create()},
     * CNAMEs followed, persistent records kept.
     *
     * @param provider where records are published
     * @return the responder
     */
    public static DnsResponder of(DnsProvider provider) {
        return builder(provider).build();
    }

    /**
     * A builder for a responder that publishes through {@code provider}.
     *
     * @param provider where records are published
     * @return a new builder
     */
    public static Builder builder(DnsProvider provider) {
        return new Builder(provider);
    }

    @Override
    public Set<String> challengeTypes() {
        return types;
    }

    /** Accepts challenges of its types for DNS names that come with a TXT record to publish. */
    @Override
    public boolean supports(ChallengeContext context) {
        return types.contains(context.type()) && context.identifier().isDns() && context.dnsRecord().isPresent();
    }

    @Override
    public Provision provision(ChallengeContext context) throws AcmeException {
        if (!supports(context)) {
            throw new ProvisioningException("DnsResponder cannot answer " + context.type() + " for "
                    + context.identifier());
        }
        DnsRecord record = context.dnsRecord().orElseThrow();
        String target = followCnames ? propagation.publicationName(record.name()) : record.name();
        DnsRecord published = target.equals(record.name()) ? record
                : new DnsRecord(target, record.value(), record.persistent());
        if (published != record) {
            LOG.debug("{} is delegated to {} by a CNAME", record.name(), target);
        }
        boolean remove = !record.persistent() || removePersistent;
        try {
            provider.publish(published);
        } catch (AcmeException | RuntimeException e) {
            // The provider may have got part way (an update applied, its response lost): take back what may be there.
            if (remove) {
                removeAfterFailure(published, e);
            }
            throw e instanceof AcmeException acme ? acme
                    : new ProvisioningException("publishing " + published.name() + " failed: " + e, e);
        }
        LOG.debug("{}: published TXT {} for {}", context.identifier(), published.name(), context.type());
        return new DnsProvision(record, published, remove);
    }

    @Override
    public String toString() {
        return "DnsResponder[" + provider + ", " + propagation + "]";
    }

    private void removeAfterFailure(DnsRecord published, Exception failure) {
        try {
            provider.remove(published);
        } catch (AcmeException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** One published record: waits for it and removes it once. */
    private final class DnsProvision implements Provision {
        private final DnsRecord asked;
        private final DnsRecord published;
        private final boolean remove;
        private final AtomicBoolean closed = new AtomicBoolean();

        DnsProvision(DnsRecord asked, DnsRecord published, boolean remove) {
            this.asked = asked;
            this.published = published;
            this.remove = remove;
        }

        @Override
        public void awaitReady(Duration timeout) throws AcmeException {
            // The name the CA asks for, so that the check follows the same CNAME the CA will.
            propagation.awaitVisible(asked, timeout);
        }

        @Override
        public void close() throws AcmeException {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            if (remove) {
                LOG.debug("removing TXT {}", published.name());
                provider.remove(published);
            } else {
                LOG.debug("keeping the persistent TXT {}", published.name());
            }
        }

        @Override
        public String toString() {
            return "TXT " + published.name() + (published == asked ? "" : " (for " + asked.name() + ")");
        }
    }

    /** Builds a {@link DnsResponder}. Not thread-safe. */
    public static final class Builder {
        private final DnsProvider provider;
        private final Set<String> types = new LinkedHashSet<>(DNS_CHALLENGE_TYPES);
        private PropagationCheck propagation;
        private boolean followCnames = true;
        private boolean removePersistent;

        private Builder(DnsProvider provider) {
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /**
         * The challenge types to answer (default: {@link #DNS_CHALLENGE_TYPES}).
         *
         * @param challengeTypes some of {@code dns-01}, {@code dns-account-01}, {@code dns-persist-01},
         *                       {@code dns} (the draft dialect's)
         * @return this builder
         * @throws IllegalArgumentException if a type is not a DNS challenge type, or none is given
         */
        public Builder challengeTypes(String... challengeTypes) {
            List<String> given = List.of(challengeTypes);
            if (given.isEmpty()) {
                throw new IllegalArgumentException("at least one challenge type is needed");
            }
            for (String type : given) {
                if (!DNS_CHALLENGE_TYPES.contains(type)) {
                    throw new IllegalArgumentException("not a DNS challenge type: " + type + " (expected one of "
                            + DNS_CHALLENGE_TYPES + ")");
                }
            }
            types.clear();
            types.addAll(given);
            return this;
        }

        /**
         * How to tell that a record is visible to the CA (default {@link DnsPropagationChecker#create()}).
         *
         * @param check the check, e.g. a {@link DnsPropagationChecker} with the zone's servers, or
         *              {@link PropagationCheck#none()}
         * @return this builder
         */
        public Builder propagationCheck(PropagationCheck check) {
            this.propagation = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Whether to publish at the end of a CNAME chain that starts at the record's name (default
         * {@code true}), as found by the propagation check.
         *
         * @param follow {@code false} to publish at the challenge's name whatever it is
         * @return this builder
         */
        public Builder followCnames(boolean follow) {
            this.followCnames = follow;
            return this;
        }

        /**
         * Whether to remove dns-persist-01 records after validation too (default {@code false}: they
         * are meant to stay, so that later validations find them).
         *
         * @param remove {@code true} to remove them like the others
         * @return this builder
         */
        public Builder removePersistentRecords(boolean remove) {
            this.removePersistent = remove;
            return this;
        }

        /**
         * The responder.
         *
         * @return the responder
         * @throws IllegalStateException if no propagation check is set and the system has no DNS
         *                               resolver configured for the default one
         */
        public DnsResponder build() {
            return new DnsResponder(this);
        }
    }
}
