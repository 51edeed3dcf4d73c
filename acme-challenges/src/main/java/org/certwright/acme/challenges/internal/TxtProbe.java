package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Asks one authoritative server for the TXT records at a name, without recursion. */
final class TxtProbe {

    /** More CNAMEs in a row than any sane delegation has; ends loops. */
    static final int MAX_ALIASES = 8;

    private TxtProbe() {
    }

    /**
     * What one server answered.
     *
     * @param name   where the CNAMEs in the answer led (the asked name when there were none)
     * @param values the TXT values at {@code name}, each joined from its strings
     */
    record Answer(Name name, List<String> values) {
    }

    /**
     * Asks {@code server} for {@code name}/TXT and follows the CNAMEs within the answer: a server
     * includes the target's records when it is authoritative for the target too.
     *
     * @throws IOException if the server does not answer, or answers other than NOERROR or NXDOMAIN
     */
    static Answer ask(DnsClient client, InetSocketAddress server, Name name) throws IOException {
        Message response = client.send(server, Queries.query(name, Type.TXT, false));
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new IOException(Queries.address(server) + " answered " + Rcode.string(rcode) + " for "
                    + DnsNames.text(name) + "/TXT");
        }
        Name current = name;
        Set<Name> seen = new HashSet<>(Set.of(name));
        for (Optional<Name> target = Queries.cnameTarget(response, current); target.isPresent();
                target = Queries.cnameTarget(response, current)) {
            current = target.get();
            if (!seen.add(current)) {
                throw new IOException(Queries.address(server) + " answered a CNAME loop at " + DnsNames.text(current));
            }
            if (seen.size() > MAX_ALIASES) {
                throw new IOException(Queries.address(server) + " answered more than " + MAX_ALIASES
                        + " CNAMEs from " + DnsNames.text(name));
            }
        }
        List<String> values = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && record.getName().equals(current)) {
                values.add(DnsNames.value(txt));
            }
        }
        return new Answer(current, values);
    }
}
