package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Building queries, asking a list of servers, and reading answers. */
final class Queries {

    private Queries() {
    }

    /**
     * A query for one name and type.
     *
     * @param recursive whether to set RD: {@code true} for a recursive resolver, {@code false} for an
     *                  authoritative server, which must answer from its own data
     */
    static Message query(Name name, int type, boolean recursive) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        if (!recursive) {
            query.getHeader().unsetFlag(Flags.RD);
        }
        return query;
    }

    /**
     * Asks the servers in turn until one answers with NOERROR or NXDOMAIN.
     *
     * @return the first such response
     * @throws InterruptedIOException if interrupted
     * @throws IOException naming every server's failure if none answered usefully
     */
    static Message ask(DnsClient client, List<InetSocketAddress> servers, Message query) throws IOException {
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (InetSocketAddress server : servers) {
            try {
                Message response = client.send(server, query);
                int rcode = response.getRcode();
                if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                    return response;
                }
                failures.add(address(server) + " answered " + Rcode.string(rcode));
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                failures.add(address(server) + ": " + e.getMessage());
                last = e;
            }
        }
        throw new IOException("no answer to " + describe(query) + " from " + (servers.isEmpty() ? "any server"
                : String.join("; ", failures)), last);
    }

    /** The target of the CNAME owned by {@code name} in the answer section, if there is one. */
    static Optional<Name> cnameTarget(Message response, Name name) {
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof CNAMERecord cname && cname.getName().equals(name)) {
                return Optional.of(cname.getTarget().canonicalize());
            }
        }
        return Optional.empty();
    }

    /** {@code name/TYPE}, for messages. */
    static String describe(Message query) {
        Record question = query.getQuestion();
        return question == null ? "an update" : DnsNames.text(question.getName()) + "/" + Type.string(question.getType());
    }

    /** {@code 192.0.2.1:53}, for messages. */
    static String address(InetSocketAddress server) {
        return (server.getAddress() != null ? server.getAddress().getHostAddress() : server.getHostString())
                + ":" + server.getPort();
    }
}
