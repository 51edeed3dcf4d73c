package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certwright.acme.challenges.internal.FakeDns.name;
import static org.certwright.acme.challenges.internal.FakeDns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

class PropagationTest {

    private static final InetSocketAddress NS1 = server(1);
    private static final InetSocketAddress NS2 = server(2);
    private static final InetSocketAddress OTHER = server(3);
    private static final String NAME = "_acme-challenge.www.example.com";
    private static final String VALUE = "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0";
    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final FakeDns dns = new FakeDns()
            .zone(NS1, "example.com", "ns1.example.com", "ns2.example.com")
            .zone(NS2, "example.com", "ns1.example.com", "ns2.example.com")
            .zone(OTHER, "validation.example.net", "ns.validation.example.net");
    private final TestTime time = new TestTime();

    /** example.com at NS1 and NS2, validation.example.net at OTHER. */
    private final ServerLocator locator = name -> name.subdomain(name("validation.example.net"))
            ? List.of(OTHER) : List.of(NS1, NS2);

    private Propagation propagation() {
        return new Propagation(dns, locator, INTERVAL, time, time);
    }

    @Test
    void visibleAtEveryServerAtOnceNeedsOneRoundAndNoSleep() throws Exception {
        dns.txt(NS1, NAME, VALUE).txt(NS2, NAME, VALUE);

        Propagation.Status status = propagation().await(name(NAME), VALUE, Duration.ofMinutes(1));

        assertThat(status.visible()).isTrue();
        assertThat(time.sleeps()).isEmpty();
        assertThat(dns.queries()).hasSize(2).allSatisfy(query -> {
            assertThat(query.type()).isEqualTo(Type.TXT);
            assertThat(query.recursionDesired()).as("authoritative servers are asked without recursion").isFalse();
        });
    }

    @Test
    void waitsUntilTheLastServerHasTheValue() throws Exception {
        dns.txt(NS1, NAME, VALUE).txt(NS2, NAME, "another challenge's value");
        AtomicInteger sleeps = new AtomicInteger();
        time.onSleep(() -> {
            if (sleeps.incrementAndGet() == 3) {
                dns.txt(NS2, NAME, VALUE);
            }
        });

        Propagation.Status status = propagation().await(name(NAME), VALUE, Duration.ofMinutes(1));

        assertThat(status.visible()).isTrue();
        assertThat(time.sleeps()).containsExactly(INTERVAL, INTERVAL, INTERVAL);
    }

    @Test
    void timesOutNamingWhatTheServersHave() {
        dns.txt(NS1, NAME, VALUE);

        assertThatThrownBy(() -> propagation().await(name(NAME), VALUE, Duration.ofSeconds(7)))
                .isInstanceOf(PropagationTimeoutException.class)
                .hasMessageContaining(NAME)
                .hasMessageContaining("7000 ms")
                .hasMessageContaining("5 round(s)")
                .hasMessageContaining("192.0.2.2:53 has []");
        // 2 + 2 + 2 + 1: the last pause ends at the deadline, not past it.
        assertThat(time.sleeps()).containsExactly(INTERVAL, INTERVAL, INTERVAL, Duration.ofSeconds(1));
    }

    @Test
    void zeroTimeoutStillChecksOnce() throws Exception {
        dns.txt(NS1, NAME, VALUE).txt(NS2, NAME, VALUE);

        assertThat(propagation().await(name(NAME), VALUE, Duration.ZERO).visible()).isTrue();
        dns.removeTxt(NS2, NAME);
        assertThatThrownBy(() -> propagation().await(name(NAME), VALUE, Duration.ZERO))
                .isInstanceOf(PropagationTimeoutException.class)
                .hasMessageContaining("1 round(s)");
    }

    @Test
    void aServerThatDoesNotAnswerIsNotYetPropagated() throws Exception {
        dns.txt(NS1, NAME, VALUE).txt(NS2, NAME, VALUE).down(NS2);

        Propagation.Status status = propagation().check(name(NAME), VALUE);

        assertThat(status.visible()).isFalse();
        assertThat(status.detail()).contains("192.0.2.2:53", "Timed out");
        dns.up(NS2);
        assertThat(propagation().check(name(NAME), VALUE).visible()).isTrue();
    }

    @Test
    void followsACnameWithinTheZone() throws Exception {
        dns.cname(NS1, NAME, "_acme-challenge.delegated.example.com")
                .cname(NS2, NAME, "_acme-challenge.delegated.example.com")
                .txt(NS1, "_acme-challenge.delegated.example.com", VALUE);

        assertThat(propagation().check(name(NAME), VALUE).visible()).isFalse();
        dns.txt(NS2, "_acme-challenge.delegated.example.com", VALUE);
        Propagation.Status status = propagation().check(name(NAME), VALUE);

        assertThat(status.visible()).isTrue();
        assertThat(status.detail()).contains("at _acme-challenge.delegated.example.com");
    }

    @Test
    void followsACnameIntoAnotherZoneAndAsksThatZonesServers() throws Exception {
        String target = "www.validation.example.net";
        dns.cname(NS1, NAME, target).cname(NS2, NAME, target);

        assertThat(propagation().check(name(NAME), VALUE).detail()).contains("192.0.2.3:53 has [] at " + target);
        dns.txt(OTHER, target, VALUE);

        assertThat(propagation().check(name(NAME), VALUE).visible()).isTrue();
        assertThat(dns.queries()).anySatisfy(query -> {
            assertThat(query.server()).isEqualTo(OTHER);
            assertThat(query.name()).isEqualTo(name(target));
        });
    }

    @Test
    void serversThatDisagreeOnTheCnameAreNotPropagated() throws Exception {
        dns.cname(NS1, NAME, "_acme-challenge.new.example.com").txt(NS1, "_acme-challenge.new.example.com", VALUE)
                .txt(NS2, NAME, "old");

        Propagation.Status status = propagation().check(name(NAME), VALUE);

        assertThat(status.visible()).isFalse();
        assertThat(status.detail()).contains("disagree");
    }

    @Test
    void aCnameLoopEnds() throws Exception {
        dns.cname(NS1, "a.example.com", "b.example.com").cname(NS2, "a.example.com", "b.example.com")
                .cname(NS1, "b.example.com", "a.example.com").cname(NS2, "b.example.com", "a.example.com");

        Propagation.Status status = propagation().check(name("a.example.com"), VALUE);

        assertThat(status.visible()).isFalse();
        assertThat(status.detail()).containsAnyOf("loop", "CNAMEs");
    }

    @Test
    void unknownServersAreReportedAndRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ServerLocator flaky = name -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("SERVFAIL from the resolver");
            }
            return List.of(NS1);
        };
        dns.txt(NS1, NAME, VALUE);

        Propagation.Status status = new Propagation(dns, flaky, INTERVAL, time, time)
                .await(name(NAME), VALUE, Duration.ofSeconds(10));

        assertThat(status.visible()).isTrue();
        assertThat(time.sleeps()).hasSize(1);
    }

    @Test
    void publicationNameFollowsTheChain() throws Exception {
        dns.cname(NS1, NAME, "_acme-challenge.delegated.example.com")
                .cname(NS1, "_acme-challenge.delegated.example.com", "www.validation.example.net");

        assertThat(propagation().publicationName(name(NAME))).isEqualTo(name("www.validation.example.net"));
        assertThat(propagation().publicationName(name("_acme-challenge.plain.example.com")))
                .isEqualTo(name("_acme-challenge.plain.example.com"));
        assertThat(dns.queries()).allSatisfy(query -> {
            assertThat(query.type()).isEqualTo(Type.CNAME);
            assertThat(query.recursionDesired()).isFalse();
        });
    }

    @Test
    void interruptStopsTheWait() {
        dns.txt(NS1, NAME, VALUE);
        Propagation.Sleeper interrupted = duration -> {
            throw new InterruptedException("stop");
        };

        assertThatThrownBy(() -> new Propagation(dns, locator, INTERVAL, time, interrupted)
                .await(name(NAME), VALUE, Duration.ofMinutes(1)))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void anInterruptedQueryStopsTheWait() {
        DnsClient interruptedClient = (server, query) -> {
            throw new java.io.InterruptedIOException("interrupted while asking " + server);
        };

        assertThatThrownBy(() -> new Propagation(interruptedClient, locator, INTERVAL, time, time)
                .await(name(NAME), VALUE, Duration.ofMinutes(1)))
                .isInstanceOf(InterruptedException.class);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void longValuesSplitIntoSeveralStringsStillMatch() throws Exception {
        String longValue = "pebble.letsencrypt.org; accounturi=https://ca.example/acct/" + "x".repeat(300);
        dns.txt(NS1, NAME, longValue).txt(NS2, NAME, longValue);

        assertThat(propagation().check(name(NAME), longValue).visible()).isTrue();
        assertThat(Map.of("strings", DnsNames.txt(name(NAME), 1, 60, longValue).getStrings().size()))
                .containsEntry("strings", 2);
    }
}
