package org.certwright.acme.challenges.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DNS servers in memory: each address serves the records added for it, answers like an
 * authoritative server (in-zone CNAMEs chased, NXDOMAIN and NODATA with the zone's SOA, REFUSED
 * outside its zones) and records the queries it got. A "resolver" is simply a server holding all
 * the data.
 */
public final class FakeDns implements DnsClient {

    /** One query as received. */
    public record Query(InetSocketAddress server, Name name, int type, boolean recursionDesired) {
    }

    private final Map<InetSocketAddress, List<Record>> data = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> down = ConcurrentHashMap.newKeySet();
    private final List<Query> queries = new CopyOnWriteArrayList<>();

    /** The address {@code 192.0.2.<n>:53}. */
    public static InetSocketAddress server(int n) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, (byte) n}), 53);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    public static Name name(String text) {
        return DnsNames.absolute(text);
    }

    /** Makes {@code server} a server of {@code zone}: SOA and the given NS names. */
    public FakeDns zone(InetSocketAddress server, String zone, String... nameservers) {
        Name apex = name(zone);
        add(server, new SOARecord(apex, DClass.IN, 60, name("ns." + zone), name("hostmaster." + zone), 1, 60, 60, 600, 60));
        for (String ns : nameservers) {
            add(server, new NSRecord(apex, DClass.IN, 60, name(ns)));
        }
        return this;
    }

    public FakeDns txt(InetSocketAddress server, String owner, String value) {
        return add(server, DnsNames.txt(name(owner), DClass.IN, 60, value));
    }

    public FakeDns cname(InetSocketAddress server, String owner, String target) {
        return add(server, new CNAMERecord(name(owner), DClass.IN, 60, name(target)));
    }

    public FakeDns a(InetSocketAddress server, String owner, InetSocketAddress address) {
        return add(server, new ARecord(name(owner), DClass.IN, 60, address.getAddress()));
    }

    public FakeDns add(InetSocketAddress server, Record record) {
        data.computeIfAbsent(server, s -> new CopyOnWriteArrayList<>()).add(record);
        return this;
    }

    public void removeTxt(InetSocketAddress server, String owner) {
        data.getOrDefault(server, List.of()).removeIf(r -> r.getType() == Type.TXT && r.getName().equals(name(owner)));
    }

    public void down(InetSocketAddress server) {
        down.add(server);
    }

    public void up(InetSocketAddress server) {
        down.remove(server);
    }

    public List<Query> queries() {
        return Collections.unmodifiableList(queries);
    }

    @Override
    public Message send(InetSocketAddress server, Message query) throws IOException {
        Record question = query.getQuestion();
        queries.add(new Query(server, question.getName(), question.getType(), query.getHeader().getFlag(Flags.RD)));
        List<Record> records = data.get(server);
        if (records == null || down.contains(server)) {
            throw new IOException("Timed out while trying to resolve " + question.getName());
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.addRecord(question, Section.QUESTION);
        SOARecord zone = enclosingZone(records, question.getName());
        if (zone == null) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        Name current = question.getName();
        for (int i = 0; i < 10; i++) {
            Record alias = find(records, current, Type.CNAME);
            if (alias == null || question.getType() == Type.CNAME) {
                break;
            }
            response.addRecord(alias, Section.ANSWER);
            current = ((CNAMERecord) alias).getTarget();
        }
        boolean answered = false;
        for (Record record : records) {
            if (record.getName().equals(current) && record.getType() == question.getType()) {
                response.addRecord(record, Section.ANSWER);
                answered = true;
                if (record instanceof NSRecord ns && ns.getTarget().subdomain(ns.getName())) {
                    // Glue, as a real server gives it: only for nameservers inside the zone.
                    for (Record glue : records) {
                        if (glue.getName().equals(ns.getTarget()) && glue.getType() == Type.A) {
                            response.addRecord(glue, Section.ADDITIONAL);
                        }
                    }
                }
            }
        }
        if (!answered) {
            SOARecord soa = enclosingZone(records, current);
            if (soa != null) {
                response.addRecord(soa, Section.AUTHORITY);
                if (!exists(records, current)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
            }
        }
        return response;
    }

    private static Record find(List<Record> records, Name name, int type) {
        for (Record record : records) {
            if (record.getName().equals(name) && record.getType() == type) {
                return record;
            }
        }
        return null;
    }

    private static boolean exists(List<Record> records, Name name) {
        return records.stream().anyMatch(r -> r.getName().subdomain(name));
    }

    private static SOARecord enclosingZone(List<Record> records, Name name) {
        SOARecord best = null;
        for (Record record : records) {
            if (record instanceof SOARecord soa && name.subdomain(soa.getName())
                    && (best == null || soa.getName().labels() > best.getName().labels())) {
                best = soa;
            }
        }
        return best;
    }

    /** The TXT values at a name on a server. */
    public List<String> txtAt(InetSocketAddress server, String owner) {
        List<String> values = new ArrayList<>();
        for (Record record : data.getOrDefault(server, List.of())) {
            if (record instanceof TXTRecord txt && record.getName().equals(name(owner))) {
                values.add(DnsNames.value(txt));
            }
        }
        return values;
    }
}
