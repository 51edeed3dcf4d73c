package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

@Pebble
class ChallTestServerIT {

    @Test
    void everyNameResolvesToLoopback(ChallTestServer dns) throws Exception {
        List<RawDns.Answer> answers = RawDns.query(dns.dnsPort(), "anything.example.org", RawDns.A);

        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).type()).isEqualTo(RawDns.A);
        assertThat(answers.get(0).ipv4()).isEqualTo("127.0.0.1");
    }

    @Test
    void namesHaveNoIpv6Address(ChallTestServer dns) throws Exception {
        assertThat(RawDns.query(dns.dnsPort(), "v6.example.org", RawDns.AAAA)).isEmpty();
    }

    @Test
    void aRecordsOverrideTheDefault(ChallTestServer dns) throws Exception {
        dns.addA("elsewhere.example.org", "127.0.0.2");
        assertThat(RawDns.query(dns.dnsPort(), "elsewhere.example.org", RawDns.A).get(0).ipv4())
                .isEqualTo("127.0.0.2");

        dns.clearA("elsewhere.example.org.");
        assertThat(RawDns.query(dns.dnsPort(), "elsewhere.example.org", RawDns.A).get(0).ipv4())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void txtRecordsCanBeAddedAndCleared(ChallTestServer dns) throws Exception {
        String name = "_acme-challenge.txt.example.org";
        dns.addTxt(name, "first-value");
        dns.addTxt(name + ".", "second-value");

        assertThat(RawDns.query(dns.dnsPort(), name, RawDns.TXT))
                .extracting(RawDns.Answer::txt)
                .containsExactlyInAnyOrder("first-value", "second-value");

        dns.clearTxt(name);
        assertThat(RawDns.query(dns.dnsPort(), name, RawDns.TXT)).isEmpty();
    }

    @Test
    void dnsRequestsAreRecorded(ChallTestServer dns) throws Exception {
        String name = "history.example.org";
        RawDns.query(dns.dnsPort(), name, RawDns.A);
        RawDns.query(dns.dnsPort(), name, RawDns.TXT);

        assertThat(dns.dnsRequestHistory(name))
                .extracting(DnsRequest::name, DnsRequest::typeName)
                .containsExactly(
                        tuple(name + ".", "A"),
                        tuple(name + ".", "TXT"));
        assertThat(dns.dnsRequestHistory(name + ".")).hasSize(2);

        dns.clearDnsRequestHistory(name);
        assertThat(dns.dnsRequestHistory(name)).isEmpty();
    }

    @Test
    void defaultAddressCanChange(@Pebble(ordersPerPage = 9) ChallTestServer isolated, ChallTestServer shared)
            throws Exception {
        // A configuration of its own, so that changing the default does not disturb the other tests.
        assertThat(isolated).isNotSameAs(shared);

        isolated.setDefaultIpv4("127.0.0.3");
        assertThat(RawDns.query(isolated.dnsPort(), "moved.example.org", RawDns.A).get(0).ipv4())
                .isEqualTo("127.0.0.3");
        assertThat(RawDns.query(shared.dnsPort(), "moved.example.org", RawDns.A).get(0).ipv4())
                .isEqualTo("127.0.0.1");

        isolated.setDefaultIpv4("127.0.0.1");
    }
}
