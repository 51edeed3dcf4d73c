package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certwright.acme.challenges.internal.FakeDns.name;
import static org.certwright.acme.challenges.internal.FakeDns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class NameserverDiscoveryTest {

    private static final InetSocketAddress RESOLVER = server(53);
    private static final InetSocketAddress NS1 = server(1);
    private static final InetSocketAddress NS2 = server(2);

    private final FakeDns dns = new FakeDns()
            .zone(RESOLVER, "com", "a.gtld-servers.net")
            .zone(RESOLVER, "example.com", "ns1.example.com", "ns2.example.com")
            .a(RESOLVER, "ns1.example.com", NS1)
            .a(RESOLVER, "ns2.example.com", NS2);

    @Test
    void findsTheZoneByItsSoaAndItsServersByNsAndGlue() throws Exception {
        List<InetSocketAddress> servers = new NameserverDiscovery(dns, List.of(RESOLVER))
                .serversFor(name("_acme-challenge.www.example.com"));

        assertThat(servers).containsExactly(NS1, NS2);
        assertThat(dns.queries()).allSatisfy(query -> assertThat(query.recursionDesired()).isTrue());
        // The NXDOMAIN for the challenge name carries example.com's SOA: no walking up label by label.
        assertThat(dns.queries()).extracting(FakeDns.Query::type).containsExactly(Type.SOA, Type.NS);
    }

    @Test
    void looksUpNameserverAddressesWithoutGlue() throws Exception {
        FakeDns noGlue = new FakeDns()
                .zone(RESOLVER, "example.org", "ns.dns-host.example")
                .zone(RESOLVER, "dns-host.example")
                .a(RESOLVER, "ns.dns-host.example", NS2);

        assertThat(new NameserverDiscovery(noGlue, List.of(RESOLVER)).serversFor(name("_acme-challenge.example.org")))
                .containsExactly(NS2);
        assertThat(noGlue.queries()).extracting(FakeDns.Query::type).contains(Type.A, Type.AAAA);
    }

    @Test
    void anAliasBelongsToItsParentsZoneNotToItsTargets() throws Exception {
        dns.zone(RESOLVER, "validation.example.net", "ns.validation.example.net")
                .cname(RESOLVER, "_acme-challenge.www.example.com", "www.validation.example.net");

        Name zone = ZoneFinder.find(dns, List.of(RESOLVER), name("_acme-challenge.www.example.com"), true);

        assertThat(zone).isEqualTo(name("example.com"));
    }

    @Test
    void theApexIsItsOwnZone() throws Exception {
        assertThat(ZoneFinder.find(dns, List.of(RESOLVER), name("example.com"), false)).isEqualTo(name("example.com"));
    }

    @Test
    void noZoneIsAnError() {
        FakeDns empty = new FakeDns().add(RESOLVER, new org.xbill.DNS.ARecord(name("x.test"), 1, 60,
                NS1.getAddress()));

        assertThatThrownBy(() -> new NameserverDiscovery(empty, List.of(RESOLVER)).serversFor(name("a.b.test")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("REFUSED");
    }

    @Test
    void anUnansweringResolverIsSkipped() throws Exception {
        InetSocketAddress silent = server(99);

        assertThat(new NameserverDiscovery(dns, List.of(silent, RESOLVER)).serversFor(name("www.example.com")))
                .containsExactly(NS1, NS2);
    }

}
