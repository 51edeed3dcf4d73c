package org.certwright.acme.challenges;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.DnsClient;
import org.certwright.acme.challenges.internal.DnsNames;
import org.certwright.acme.challenges.internal.DnsjavaClient;
import org.certwright.acme.challenges.internal.Interrupts;
import org.certwright.acme.challenges.internal.UpdateMessages;
import org.certwright.acme.challenges.internal.ZoneFinder;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;

/**
 * Publishes TXT records by RFC 2136 dynamic update, signed with a TSIG key (RFC 8945): for BIND,
 * Knot DNS, PowerDNS, Windows DNS and every other server that accepts updates.
 *
 * <pre>{@code
 * DnsProvider dns = Rfc2136DnsProvider.builder("ns1.example.com", 53)
 *         .tsigKey("acme-update", "hmac-sha256", System.getenv("TSIG_SECRET"))
 *         .zone("example.com")                     // optional: found by SOA queries otherwise
 *         .build();
 * }</pre>
 *
 * <p>Each value is added and deleted on its own (a delete names the exact record), so values of other
 * challenges at the same name stay. Updates go over TCP to the given server, normally the zone's
 * primary. When no zone is given, the zone of each record is found by asking that server for SOA
 * records, walking up from the record's name.
 *
 * <p>A response is accepted only with RCODE NOERROR and, when a key is set, a valid signature by
 * that key: an unsigned success could have come from anyone. The secret is never logged, nor shown
 * by {@link #toString()}. Immutable and thread-safe.
 */
public final class Rfc2136DnsProvider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(Rfc2136DnsProvider.class);

    /** The default TTL of published records: short, since they live only for one validation. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    /** The default time to wait for the server's response. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final InetSocketAddress server;
    private final Name zone;
    private final long ttl;
    private final boolean signed;
    private final String keyDescription;
    private final DnsClient updates;
    private final DnsClient queries;
    /** Zones found for record names; a zone's apex rarely moves during a process's life. */
    private final Map<Name, Name> zones = new ConcurrentHashMap<>();

    private Rfc2136DnsProvider(Builder builder, DnsClient updates, DnsClient queries) {
        this.server = builder.server;
        this.zone = builder.zone;
        this.ttl = builder.ttl.toSeconds();
        this.signed = builder.tsig != null;
        this.keyDescription = builder.keyDescription;
        this.updates = updates;
        this.queries = queries;
    }

    /**
     * A builder for updates sent to a server.
     *
     * @param server the server that accepts updates, normally the zone's primary
     * @return a new builder
     * @throws IllegalArgumentException if the address is unresolved
     */
    public static Builder builder(InetSocketAddress server) {
        return new Builder(server);
    }

    /**
     * A builder for updates sent to a server.
     *
     * @param host the server's host name or address
     * @param port its DNS port, normally 53
     * @return a new builder
     * @throws IllegalArgumentException if the host name does not resolve
     */
    public static Builder builder(String host, int port) {
        return new Builder(new InetSocketAddress(host, port));
    }

    @Override
    public void publish(DnsRecord record) throws AcmeException {
        Name name = DnsNames.absolute(record.name());
        Name updated = zoneOf(name);
        LOG.debug("adding TXT {} \"{}\" in zone {} at {}", name, record.value(), updated, server);
        send(UpdateMessages.add(updated, name, ttl, record.value()), "add " + record.name() + " TXT to " + updated);
    }

    @Override
    public void remove(DnsRecord record) throws AcmeException {
        Name name = DnsNames.absolute(record.name());
        Name updated = zoneOf(name);
        LOG.debug("deleting TXT {} \"{}\" in zone {} at {}", name, record.value(), updated, server);
        send(UpdateMessages.delete(updated, name, record.value()),
                "delete " + record.name() + " TXT from " + updated);
    }

    @Override
    public String toString() {
        return "Rfc2136DnsProvider[server=" + address() + ", zone=" + (zone == null ? "(found by SOA)" : zone)
                + ", key=" + keyDescription + "]";
    }

    private Name zoneOf(Name name) throws AcmeException {
        if (zone != null) {
            if (!name.subdomain(zone)) {
                throw new ProvisioningException(DnsNames.text(name) + " is not in the zone " + DnsNames.text(zone)
                        + " that " + this + " updates");
            }
            return zone;
        }
        Name known = zones.get(name);
        if (known != null) {
            return known;
        }
        try {
            Name found = ZoneFinder.find(queries, List.of(server), name, false);
            zones.put(name, found);
            return found;
        } catch (java.io.InterruptedIOException e) {
            throw Interrupts.interrupted("while looking for the zone of " + DnsNames.text(name), e);
        } catch (IOException e) {
            throw new ProvisioningException("cannot find the zone of " + DnsNames.text(name) + " at " + address()
                    + " (give it with zone(...)): " + e.getMessage(), e);
        }
    }

    private void send(Message update, String what) throws AcmeException {
        Message response;
        try {
            response = updates.send(server, update);
        } catch (java.io.InterruptedIOException e) {
            throw Interrupts.interrupted("during the update to " + what + " at " + address(), e);
        } catch (IOException e) {
            throw new ProvisioningException("update to " + what + " at " + address() + " failed: " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        TSIGRecord tsig = response.getTSIG();
        if (rcode != Rcode.NOERROR) {
            String tsigError = tsig != null && tsig.getError() != Rcode.NOERROR
                    ? " (TSIG " + Rcode.TSIGstring(tsig.getError()) + ")" : "";
            throw new ProvisioningException("update to " + what + " at " + address() + " refused: "
                    + Rcode.string(rcode) + tsigError + (rcode == Rcode.NOTAUTH || rcode == Rcode.REFUSED
                    ? "; check the key " + keyDescription + " and the zone's allow-update / update-policy" : ""));
        }
        if (signed && !response.isVerified()) {
            throw new ProvisioningException("update to " + what + " at " + address() + ": the response "
                    + (tsig == null ? "is not signed" : "has a signature that does not verify") + " with the key "
                    + keyDescription + "; not trusting it");
        }
    }

    private String address() {
        return server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    /** Builds an {@link Rfc2136DnsProvider}. Not thread-safe. */
    public static final class Builder {
        private final InetSocketAddress server;
        private Name zone;
        private TSIG tsig;
        private String keyDescription = "(none)";
        private Duration ttl = DEFAULT_TTL;
        private Duration timeout = DEFAULT_TIMEOUT;
        private DnsClient client;

        private Builder(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server, "server");
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("cannot resolve the DNS server " + server.getHostString());
            }
        }

        /**
         * The zone to update, instead of finding each record's zone by SOA queries.
         *
         * @param name the zone's apex, e.g. {@code example.com}
         * @return this builder
         */
        public Builder zone(String name) {
            this.zone = DnsNames.absolute(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * Signs the updates with a TSIG key, as configured on the server (BIND: {@code key "name" {
         * algorithm hmac-sha256; secret "..."; };}).
         *
         * @param name         the key's name, e.g. {@code acme-update}
         * @param algorithm    {@code hmac-sha256} (recommended), {@code hmac-sha512}, {@code hmac-sha384},
         *                     {@code hmac-sha224}, {@code hmac-sha1} or {@code hmac-md5}
         * @param base64Secret the shared secret, base64 as in the server's configuration
         * @return this builder
         * @throws IllegalArgumentException if the algorithm is unknown or the secret is not base64
         */
        public Builder tsigKey(String name, String algorithm, String base64Secret) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(base64Secret, "base64Secret");
            Name algorithmName = TSIG.algorithmToName(algorithm);
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(base64Secret.strip());
            } catch (IllegalArgumentException e) {
                // Not the decoder's message: it may quote the secret.
                throw new IllegalArgumentException("the TSIG secret of key " + name + " is not base64");
            }
            try {
                if (secret.length == 0) {
                    throw new IllegalArgumentException("the TSIG secret of key " + name + " is empty");
                }
                this.tsig = new TSIG(algorithmName, DnsNames.absolute(name), secret);
                this.keyDescription = DnsNames.text(DnsNames.absolute(name)) + " ("
                        + DnsNames.text(algorithmName) + ")";
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
            return this;
        }

        /**
         * The TTL of published records (default {@link #DEFAULT_TTL}).
         *
         * @param recordTtl at least one second
         * @return this builder
         */
        public Builder ttl(Duration recordTtl) {
            Objects.requireNonNull(recordTtl, "recordTtl");
            if (recordTtl.toSeconds() < 1) {
                throw new IllegalArgumentException("ttl must be at least one second: " + recordTtl);
            }
            this.ttl = recordTtl;
            return this;
        }

        /**
         * How long to wait for the server's response (default {@link #DEFAULT_TIMEOUT}).
         *
         * @param responseTimeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration responseTimeout) {
            Objects.requireNonNull(responseTimeout, "responseTimeout");
            if (responseTimeout.isNegative() || responseTimeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + responseTimeout);
            }
            this.timeout = responseTimeout;
            return this;
        }

        /** For tests: sends updates and zone queries with this client (the TSIG key is then not applied). */
        Builder client(DnsClient dnsClient) {
            this.client = Objects.requireNonNull(dnsClient, "dnsClient");
            return this;
        }

        /**
         * The provider.
         *
         * @return the provider
         */
        public Rfc2136DnsProvider build() {
            // TCP for updates: over UDP a lost datagram looks like a refusal only after the timeout.
            DnsClient updates = client != null ? client : new DnsjavaClient(timeout, true, tsig);
            DnsClient queries = client != null ? client : new DnsjavaClient(timeout, false, null);
            return new Rfc2136DnsProvider(this, updates, queries);
        }
    }
}
