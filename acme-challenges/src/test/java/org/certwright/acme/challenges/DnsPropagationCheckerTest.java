package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.internal.DnsNames;
import org.certwright.acme.challenges.internal.FakeDns;
import org.certwright.acme.challenges.internal.TestTime;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class DnsPropagationCheckerTest {

    private static final InetSocketAddress RESOLVER = FakeDns.server(53);
    private static final InetSocketAddress NS1 = FakeDns.server(1);
    private static final DnsRecord RECORD = new DnsRecord("_acme-challenge.www.example.com", "digest", false);

    private final FakeDns dns = new FakeDns()
            .zone(RESOLVER, "example.com", "ns1.example.com")
            .a(RESOLVER, "ns1.example.com", NS1)
            .zone(NS1, "example.com", "ns1.example.com");
    private final TestTime time = new TestTime();

    @Test
    void discoversTheServersThroughTheGivenResolversAndWaits() throws Exception {
        time.onSleep(() -> dns.txt(NS1, RECORD.name(), RECORD.value()));
        DnsPropagationChecker checker = DnsPropagationChecker.builder()
                .resolvers(RESOLVER)
                .interval(Duration.ofSeconds(3))
                .client(dns)
                .time(time, time)
                .build();

        checker.awaitVisible(RECORD, Duration.ofMinutes(1));

        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(dns.queries()).anySatisfy(query -> {
            assertThat(query.server()).isEqualTo(NS1);
            assertThat(query.type()).isEqualTo(Type.TXT);
        });
        assertThat(checker.toString()).contains("NS discovery");
    }

    @Test
    void namedNameserversAreAskedForEverythingAndNothingElseIsAsked() throws Exception {
        dns.txt(NS1, RECORD.name(), RECORD.value());
        DnsPropagationChecker checker = DnsPropagationChecker.builder().nameservers(NS1).client(dns).build();

        checker.awaitVisible(RECORD, Duration.ofSeconds(1));

        assertThat(dns.queries()).allSatisfy(query -> assertThat(query.server()).isEqualTo(NS1));
        assertThat(checker.toString()).contains("192.0.2.1");
    }

    @Test
    void aTimeoutIsAProvisioningFailureThatSaysWhatWasSeen() {
        DnsPropagationChecker checker = DnsPropagationChecker.builder().nameservers(NS1).client(dns)
                .time(time, time).build();

        assertThatThrownBy(() -> checker.awaitVisible(RECORD, Duration.ofSeconds(10)))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("_acme-challenge.www.example.com")
                .hasMessageContaining("10000 ms")
                .hasMessageContaining("192.0.2.1:53 has []");
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() {
        DnsPropagationChecker checker = DnsPropagationChecker.builder().nameservers(NS1).client(dns)
                .time(time, duration -> {
                    throw new InterruptedException();
                }).build();

        try {
            assertThatThrownBy(() -> checker.awaitVisible(RECORD, Duration.ofSeconds(10)))
                    .isInstanceOf(AcmeInterruptedException.class)
                    .hasRootCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void publicationNameFollowsCnames() throws Exception {
        dns.cname(NS1, RECORD.name(), "_acme-challenge.delegated.example.com");
        DnsPropagationChecker checker = DnsPropagationChecker.builder().nameservers(NS1).client(dns).build();

        assertThat(checker.publicationName(RECORD.name())).isEqualTo("_acme-challenge.delegated.example.com");
        assertThat(checker.publicationName("_acme-challenge.other.example.com"))
                .isEqualTo("_acme-challenge.other.example.com");
    }

    @Test
    void publicationNameFailsWhenNoServerAnswers() {
        dns.down(NS1);
        DnsPropagationChecker checker = DnsPropagationChecker.builder().nameservers(NS1).client(dns).build();

        assertThatThrownBy(() -> checker.publicationName(RECORD.name()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("CNAME")
                .hasMessageContaining("192.0.2.1:53");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> DnsPropagationChecker.builder().interval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsPropagationChecker.builder().queryTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DnsPropagationChecker.builder()
                .nameservers(InetSocketAddress.createUnresolved("no-such-host.invalid", 53)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overTheNetworkWithDnsjava() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start((query, wire) -> {
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setFlag(Flags.AA);
            response.getHeader().setRcode(Rcode.NOERROR);
            response.addRecord(query.getQuestion(), Section.QUESTION);
            if (query.getQuestion().getType() == Type.TXT) {
                response.addRecord(DnsNames.txt(query.getQuestion().getName(), DClass.IN, 60, RECORD.value()),
                        Section.ANSWER);
            }
            return response;
        })) {
            DnsPropagationChecker checker = DnsPropagationChecker.builder()
                    .nameserver("127.0.0.1", server.address().getPort())
                    .queryTimeout(Duration.ofSeconds(2))
                    .build();

            checker.awaitVisible(RECORD, Duration.ofSeconds(5));

            assertThat(checker.publicationName(RECORD.name())).isEqualTo(RECORD.name());
            assertThat(server.received()).extracting(r -> r.message().getHeader().getFlag(Flags.RD))
                    .containsOnly(false);
            assertThat(server.errors()).isEmpty();
        }
    }
}
