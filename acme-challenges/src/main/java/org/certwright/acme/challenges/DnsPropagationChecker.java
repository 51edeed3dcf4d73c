package org.certwright.acme.challenges;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.DnsClient;
import org.certwright.acme.challenges.internal.DnsNames;
import org.certwright.acme.challenges.internal.DnsjavaClient;
import org.certwright.acme.challenges.internal.Interrupts;
import org.certwright.acme.challenges.internal.NameserverDiscovery;
import org.certwright.acme.challenges.internal.Propagation;
import org.certwright.acme.challenges.internal.PropagationTimeoutException;
import org.certwright.acme.challenges.internal.ServerLocator;
import org.certwright.acme.problem.AcmeException;
import org.xbill.DNS.ResolverConfig;

/**
 * Waits until a TXT record is served by every authoritative server of its zone, the servers a CA's
 * lookup ends at, so that validation does not start before the record is there.
 *
 * <p>By default the servers are found as a CA finds them: the zone by its SOA record and its NS
 * records through the system's recursive resolvers (or {@linkplain Builder#resolvers those given}),
 * then each server is asked directly, without recursion, so that no cache answers. A CNAME at the
 * record's name is followed to its target, in whichever zone that is (delegation of
 * {@code _acme-challenge}). The servers are asked every {@linkplain Builder#interval interval} until
 * all have the value or the timeout passes.
 *
 * <p>When the authoritative servers are not reachable the usual way (a test server on a loopback
 * port, split-horizon DNS, a hidden primary), name them with {@link Builder#nameservers}: they are
 * then asked for every name.
 *
 * <pre>{@code
 * PropagationCheck check = DnsPropagationChecker.builder()
 *         .nameserver("127.0.0.1", 8053)          // optional: skip NS discovery
 *         .interval(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class DnsPropagationChecker implements PropagationCheck {

    /** The default pause between rounds of queries. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

    /** The default time to wait for one server's answer. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final Propagation propagation;
    private final String description;

    private DnsPropagationChecker(Propagation propagation, String description) {
        this.propagation = propagation;
        this.description = description;
    }

    /**
     * A checker that discovers the authoritative servers through the system's resolvers, with the
     * default interval and query timeout.
     *
     * @return the checker
     */
    public static DnsPropagationChecker create() {
        return builder().build();
    }

    /**
     * A builder for a checker.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void awaitVisible(DnsRecord record, Duration timeout) throws AcmeException {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(timeout, "timeout");
        try {
            propagation.await(DnsNames.absolute(record.name()), record.value(), timeout);
        } catch (PropagationTimeoutException e) {
            throw new ProvisioningException(e.getMessage(), e);
        } catch (InterruptedException e) {
            throw Interrupts.interrupted("while waiting for " + record.name() + " to propagate", e);
        }
    }

    /**
     * Follows the CNAME chain at {@code recordName}, asking the authoritative servers of each name.
     *
     * @param recordName the name the challenge asks for
     * @return the end of the chain, or {@code recordName} when it is no alias
     * @throws ProvisioningException if the servers could not be asked
     * @throws AcmeException         an {@link org.certwright.acme.problem.AcmeInterruptedException} if the
     *                               thread was interrupted
     */
    @Override
    public String publicationName(String recordName) throws AcmeException {
        Objects.requireNonNull(recordName, "recordName");
        try {
            return DnsNames.text(propagation.publicationName(DnsNames.absolute(recordName)));
        } catch (IOException e) {
            throw new ProvisioningException("cannot tell whether " + recordName + " is delegated by a CNAME: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            throw Interrupts.interrupted("while looking up " + recordName, e);
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** Builds a {@link DnsPropagationChecker}. Not thread-safe. */
    public static final class Builder {
        private final List<InetSocketAddress> nameservers = new ArrayList<>();
        private final List<InetSocketAddress> resolvers = new ArrayList<>();
        private Duration interval = DEFAULT_INTERVAL;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private DnsClient client;
        private Clock clock = Clock.systemUTC();
        private Propagation.Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder() {
        }

        /**
         * Asks these servers, and only these, for every name instead of discovering the zone's
         * authoritative servers. May be called several times; each server must have the value.
         *
         * @param servers the servers, e.g. {@code new InetSocketAddress("127.0.0.1", 8053)}
         * @return this builder
         */
        public Builder nameservers(InetSocketAddress... servers) {
            for (InetSocketAddress server : servers) {
                nameservers.add(resolved(server));
            }
            return this;
        }

        /**
         * Asks this server, and only the servers named this way, for every name.
         *
         * @param host the server's host name or address
         * @param port its DNS port
         * @return this builder
         * @throws IllegalArgumentException if the host name does not resolve
         */
        public Builder nameserver(String host, int port) {
            return nameservers(new InetSocketAddress(host, port));
        }

        /**
         * The recursive resolvers through which the zone and its authoritative servers are found,
         * instead of the system's ({@code /etc/resolv.conf} and the like). Not used with
         * {@link #nameservers}.
         *
         * @param servers the resolvers
         * @return this builder
         */
        public Builder resolvers(InetSocketAddress... servers) {
            for (InetSocketAddress server : servers) {
                resolvers.add(resolved(server));
            }
            return this;
        }

        /**
         * The pause between rounds of queries (default {@link #DEFAULT_INTERVAL}).
         *
         * @param pause a positive duration
         * @return this builder
         */
        public Builder interval(Duration pause) {
            this.interval = positive(pause, "interval");
            return this;
        }

        /**
         * How long to wait for one server's answer (default {@link #DEFAULT_QUERY_TIMEOUT}); a server
         * that does not answer counts as not having the value yet.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = positive(timeout, "queryTimeout");
            return this;
        }

        /** For tests: answers in memory instead of over the network. */
        Builder client(DnsClient dnsClient) {
            this.client = Objects.requireNonNull(dnsClient, "dnsClient");
            return this;
        }

        /** For tests: a clock and a sleeper that need not wait. */
        Builder time(Clock testClock, Propagation.Sleeper testSleeper) {
            this.clock = Objects.requireNonNull(testClock, "testClock");
            this.sleeper = Objects.requireNonNull(testSleeper, "testSleeper");
            return this;
        }

        /**
         * The checker.
         *
         * @return the checker
         * @throws IllegalStateException if no servers are named and the system has no resolver configured
         */
        public DnsPropagationChecker build() {
            DnsClient dns = client != null ? client : new DnsjavaClient(queryTimeout, false, null);
            ServerLocator locator;
            String description;
            if (!nameservers.isEmpty()) {
                locator = ServerLocator.fixed(nameservers);
                description = "DnsPropagationChecker[nameservers=" + nameservers + ", interval=" + interval + "]";
            } else {
                List<InetSocketAddress> recursive = resolvers.isEmpty() ? systemResolvers() : List.copyOf(resolvers);
                locator = new NameserverDiscovery(dns, recursive);
                description = "DnsPropagationChecker[NS discovery via " + recursive + ", interval=" + interval + "]";
            }
            return new DnsPropagationChecker(new Propagation(dns, locator, interval, clock, sleeper), description);
        }

        private static List<InetSocketAddress> systemResolvers() {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                throw new IllegalStateException("the system has no DNS resolver configured; name the resolvers "
                        + "or the authoritative servers of the zone");
            }
            return servers;
        }

        private static InetSocketAddress resolved(InetSocketAddress server) {
            Objects.requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("cannot resolve the DNS server " + server.getHostString());
            }
            return server;
        }

        private static Duration positive(Duration duration, String what) {
            Objects.requireNonNull(duration, what);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + duration);
            }
            return duration;
        }
    }
}
