package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds the zone a name belongs to: the closest enclosing name that has an SOA record, asking either
 * recursive resolvers or the zone's own primary.
 */
public final class ZoneFinder {

    private ZoneFinder() {
    }

    /**
     * The zone of a name.
     *
     * @param client    how to ask
     * @param servers   recursive resolvers, or an authoritative server
     * @param name      an absolute name; it need not exist
     * @param recursive whether the servers are recursive resolvers (RD is set)
     * @return the zone's apex
     * @throws IOException if no enclosing zone answers
     */
    public static Name find(DnsClient client, List<InetSocketAddress> servers, Name name, boolean recursive)
            throws IOException {
        for (Name candidate = name; candidate.labels() > 1; candidate = new Name(candidate, 1)) {
            Message response = Queries.ask(client, servers, Queries.query(candidate, Type.SOA, recursive));
            if (isAlias(response, candidate)) {
                // An alias lives in its parent's zone; the SOA around the answer would be its target's.
                continue;
            }
            for (Record record : response.getSection(Section.ANSWER)) {
                if (record instanceof SOARecord && record.getName().equals(candidate)) {
                    return candidate;
                }
            }
            // A name without an SOA of its own (NXDOMAIN or no data) comes with its zone's SOA in the
            // authority section, which saves walking up label by label.
            for (Record record : response.getSection(Section.AUTHORITY)) {
                if (record instanceof SOARecord && candidate.subdomain(record.getName())) {
                    return record.getName().canonicalize();
                }
            }
        }
        throw new IOException("found no zone enclosing " + DnsNames.text(name) + " (no SOA record up to the top level)");
    }

    private static boolean isAlias(Message response, Name name) {
        if (Queries.cnameTarget(response, name).isPresent()) {
            return true;
        }
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof DNAMERecord && name.subdomain(record.getName()) && !name.equals(record.getName())) {
                return true;
            }
        }
        return false;
    }
}
