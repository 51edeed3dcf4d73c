package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds a name's authoritative servers as a CA would reach them: the zone by its SOA, the zone's NS
 * records, and their addresses, all through recursive resolvers; the servers are then asked on port 53.
 */
public final class NameserverDiscovery implements ServerLocator {

    private static final Logger LOG = LoggerFactory.getLogger(NameserverDiscovery.class);
    private static final int DNS_PORT = 53;

    private final DnsClient client;
    private final List<InetSocketAddress> resolvers;

    /**
     * Creates the discovery.
     *
     * @param client    how to ask
     * @param resolvers recursive resolvers, e.g. the system's
     */
    public NameserverDiscovery(DnsClient client, List<InetSocketAddress> resolvers) {
        this.client = client;
        this.resolvers = List.copyOf(resolvers);
        if (this.resolvers.isEmpty()) {
            throw new IllegalArgumentException("no recursive resolver is configured");
        }
    }

    @Override
    public List<InetSocketAddress> serversFor(Name name) throws IOException {
        Name zone = ZoneFinder.find(client, resolvers, name, true);
        Message response = Queries.ask(client, resolvers, Queries.query(zone, Type.NS, true));
        Set<Name> nameservers = new LinkedHashSet<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof NSRecord ns && record.getName().equals(zone)) {
                nameservers.add(ns.getTarget().canonicalize());
            }
        }
        if (nameservers.isEmpty()) {
            throw new IOException("zone " + DnsNames.text(zone) + " has no NS records");
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (Name nameserver : nameservers) {
            for (InetAddress address : addresses(nameserver, response)) {
                servers.add(new InetSocketAddress(address, DNS_PORT));
            }
        }
        if (servers.isEmpty()) {
            throw new IOException("no address for any nameserver of " + DnsNames.text(zone) + ": " + nameservers);
        }
        LOG.debug("authoritative servers of {} (zone {}): {}", name, zone, servers);
        return servers;
    }

    /** The nameserver's addresses: from the NS response's glue if it came with some, else looked up. */
    private List<InetAddress> addresses(Name nameserver, Message nsResponse) throws IOException {
        Set<InetAddress> addresses = new LinkedHashSet<>(glue(nameserver, nsResponse));
        if (addresses.isEmpty()) {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                try {
                    addresses.addAll(glue(nameserver, Queries.ask(client, resolvers,
                            Queries.query(nameserver, type, true))));
                } catch (java.io.InterruptedIOException e) {
                    throw e;
                } catch (IOException e) {
                    // One nameserver without an address, or without IPv6, must not hide the others.
                    LOG.debug("no {} record for nameserver {}: {}", Type.string(type), nameserver, e.getMessage());
                }
            }
        }
        return new ArrayList<>(addresses);
    }

    private static List<InetAddress> glue(Name nameserver, Message response) {
        List<InetAddress> addresses = new ArrayList<>();
        for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
            for (Record record : response.getSection(section)) {
                if (!record.getName().equals(nameserver)) {
                    continue;
                }
                if (record instanceof ARecord a) {
                    addresses.add(a.getAddress());
                } else if (record instanceof AAAARecord aaaa) {
                    addresses.add(aaaa.getAddress());
                }
            }
        }
        return addresses;
    }
}
