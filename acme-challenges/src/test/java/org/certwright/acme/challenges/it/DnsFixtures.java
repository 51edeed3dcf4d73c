package org.certwright.acme.challenges.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.internal.DnsNames;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.problem.AcmeException;
import org.certwright.testkit.PebbleServer;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Sessions with fresh Pebble accounts, unique names, and a look at what a DNS server serves. */
final class DnsFixtures {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private DnsFixtures() {
    }

    /** A session with a new EC P-256 account that agreed to the terms of service. */
    static Session sessionWithAccount(PebbleServer pebble) throws AcmeException {
        Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(pebble.trustAnchor()))
                .userAgent("certwright-it/1")
                .build();
        session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
        return session;
    }

    /** A label no other test of the run uses: Pebble and the DNS servers are shared. */
    static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /** The TXT values a server has at a name, asked without recursion. */
    static List<String> txt(InetSocketAddress server, String name) throws IOException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTimeout(Duration.ofSeconds(3));
        Message query = Message.newQuery(Record.newRecord(DnsNames.absolute(name), Type.TXT, DClass.IN));
        query.getHeader().unsetFlag(Flags.RD);
        Message response = resolver.send(query);
        if (response.getRcode() != Rcode.NOERROR && response.getRcode() != Rcode.NXDOMAIN) {
            throw new IOException(server + " answered " + Rcode.string(response.getRcode()) + " for " + name);
        }
        List<String> values = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof TXTRecord txt && record.getName().equals(DnsNames.absolute(name))) {
                values.add(DnsNames.value(txt));
            }
        }
        return values;
    }

    /** A provider that records what it is asked and may change the value it really publishes. */
    static final class RecordingProvider implements DnsProvider {
        final List<DnsRecord> published = new CopyOnWriteArrayList<>();
        final List<DnsRecord> removed = new CopyOnWriteArrayList<>();
        private final DnsProvider delegate;
        private final UnaryOperator<String> valueChange;

        RecordingProvider(DnsProvider delegate) {
            this(delegate, UnaryOperator.identity());
        }

        /** Publishes {@code valueChange(value)} instead of the value: a provider with a bug. */
        RecordingProvider(DnsProvider delegate, UnaryOperator<String> valueChange) {
            this.delegate = delegate;
            this.valueChange = valueChange;
        }

        @Override
        public void publish(DnsRecord record) throws AcmeException {
            published.add(record);
            delegate.publish(changed(record));
        }

        @Override
        public void remove(DnsRecord record) throws AcmeException {
            removed.add(record);
            delegate.remove(changed(record));
        }

        private DnsRecord changed(DnsRecord record) {
            return new DnsRecord(record.name(), valueChange.apply(record.value()), record.persistent());
        }
    }
}
