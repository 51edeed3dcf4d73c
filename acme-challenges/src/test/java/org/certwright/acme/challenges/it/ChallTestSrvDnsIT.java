package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.certwright.acme.Authorization;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewOrder;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.ChallTestSrvDnsProvider;
import org.certwright.acme.challenges.DnsPropagationChecker;
import org.certwright.acme.challenges.DnsResponder;
import org.certwright.acme.challenges.PropagationCheck;
import org.certwright.acme.challenges.it.DnsFixtures.RecordingProvider;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.testkit.ChallTestServer;
import org.certwright.testkit.DnsRequest;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/**
 * The DNS challenges against a real Pebble whose DNS server is pebble-challtestsrv, with real
 * validation: records are published through challtestsrv's management API, and Pebble looks them up.
 */
@Pebble
class ChallTestSrvDnsIT {

    @Test
    void pebbleOffersTheDnsChallengeTypes(PebbleServer pebble) throws Exception {
        Session session = DnsFixtures.sessionWithAccount(pebble);
        String base = DnsFixtures.unique("offer") + ".example.com";

        Order order = session.newOrder(NewOrder.builder()
                .identifier(Identifier.dns(base)).identifier(Identifier.dns("*." + base)).build());
        Set<String> plain = new TreeSet<>();
        Set<String> wildcard = new TreeSet<>();
        for (var link : order.authorizations()) {
            Authorization authz = session.fetch(link);
            authz.challenges().forEach(c -> (authz.wildcard() ? wildcard : plain).add(c.type()));
            authz.challenge(Challenge.DNS_PERSIST_01).ifPresent(c ->
                    System.out.println("dns-persist-01 of " + pebble.version() + ": issuer-domain-names="
                            + c.stringListField("issuer-domain-names") + ", other fields " + c.otherFields()));
        }
        System.out.println("Pebble " + pebble.version() + " offers " + plain + " for " + base + " and " + wildcard
                + " for *." + base);

        assertThat(plain).contains(Challenge.DNS_01);
        assertThat(wildcard).contains(Challenge.DNS_01).doesNotContain(Challenge.HTTP_01, Challenge.TLS_ALPN_01);
        if (pebble.versionAtLeast(2, 10)) {
            assertThat(plain).contains(Challenge.DNS_ACCOUNT_01, Challenge.DNS_PERSIST_01);
            assertThat(wildcard).contains(Challenge.DNS_ACCOUNT_01, Challenge.DNS_PERSIST_01);
        }
    }

    @Test
    void dns01IssuesAndTheRecordIsRemovedAfterwards(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String name = DnsFixtures.unique("dns01") + ".example.com";
        RecordingProvider provider = new RecordingProvider(ChallTestSrvDnsProvider.create(dns.managementUrl()));

        IssuedCertificate issued = issue(pebble, provider, checker(pebble), Challenge.DNS_01, name);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        assertThat(provider.published).singleElement().satisfies(record -> {
            assertThat(record.name()).isEqualTo("_acme-challenge." + name);
            assertThat(record.value()).matches("[A-Za-z0-9_-]{43}");
        });
        assertThat(provider.removed).isEqualTo(provider.published);
        // Pebble really looked: its DNS server saw TXT questions for the record.
        assertThat(dns.dnsRequestHistory("_acme-challenge." + name))
                .extracting(DnsRequest::typeName).contains("TXT");
        assertThat(DnsFixtures.txt(dns.dnsAddress(), "_acme-challenge." + name)).isEmpty();
    }

    @Test
    void aWildcardIsValidatedAtItsBaseName(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String base = DnsFixtures.unique("wild") + ".example.com";
        RecordingProvider provider = new RecordingProvider(ChallTestSrvDnsProvider.create(dns.managementUrl()));

        IssuedCertificate issued = issue(pebble, provider, checker(pebble), Challenge.DNS_01, "*." + base, base);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns("*." + base), Identifier.dns(base));
        // Both authorizations use the same name, with different values.
        assertThat(provider.published).hasSize(2)
                .extracting(DnsRecord::name).containsOnly("_acme-challenge." + base);
        assertThat(provider.published).extracting(DnsRecord::value).doesNotHaveDuplicates();
        assertThat(DnsFixtures.txt(dns.dnsAddress(), "_acme-challenge." + base)).isEmpty();
    }

    @Test
    void dnsAccount01UsesTheAccountLabel(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String name = DnsFixtures.unique("account") + ".example.com";
        RecordingProvider provider = new RecordingProvider(ChallTestSrvDnsProvider.create(dns.managementUrl()));

        IssuedCertificate issued = issue(pebble, provider, checker(pebble), Challenge.DNS_ACCOUNT_01, name,
                "*." + name);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).hasSize(2);
        assertThat(provider.published).hasSize(2).allSatisfy(record ->
                assertThat(record.name()).matches("_[a-z2-7]{16}\\._acme-challenge\\." + java.util.regex.Pattern.quote(name)));
        assertThat(provider.removed).containsExactlyInAnyOrderElementsOf(provider.published);
        assertThat(dns.dnsRequestHistory(provider.published.get(0).name()))
                .as("Pebble looked the label up").extracting(DnsRequest::typeName).contains("TXT");
        assertThat(DnsFixtures.txt(dns.dnsAddress(), provider.published.get(0).name())).isEmpty();
    }

    @Test
    void dnsPersist01PublishesARecordThatStays(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String name = DnsFixtures.unique("persist") + ".example.com";
        ChallTestSrvDnsProvider challtestsrv = ChallTestSrvDnsProvider.create(dns.managementUrl());
        RecordingProvider provider = new RecordingProvider(challtestsrv);
        Session session = DnsFixtures.sessionWithAccount(pebble);

        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(name)
                .challengeTypes(Challenge.DNS_PERSIST_01)
                .responders(DnsResponder.builder(provider).propagationCheck(checker(pebble)).build())
                .readinessTimeout(Duration.ofSeconds(30))
                .build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        DnsRecord record = provider.published.get(0);
        assertThat(record.name()).isEqualTo("_validation-persist." + name);
        assertThat(record.persistent()).isTrue();
        assertThat(record.value()).endsWith("; accounturi=" + session.accountUrl().orElseThrow());
        assertThat(provider.removed).as("a persistent record stays").isEmpty();
        assertThat(dns.dnsRequestHistory(record.name()))
                .as("Pebble looked the record up").extracting(DnsRequest::typeName).contains("TXT");
        assertThat(DnsFixtures.txt(dns.dnsAddress(), record.name())).containsExactly(record.value());

        challtestsrv.remove(record);
        assertThat(DnsFixtures.txt(dns.dnsAddress(), record.name())).isEmpty();
    }

    @Test
    void dnsPersist01ForAWildcardCarriesTheWildcardPolicy(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String base = DnsFixtures.unique("persist-wild") + ".example.com";
        RecordingProvider provider = new RecordingProvider(ChallTestSrvDnsProvider.create(dns.managementUrl()));
        Session session = DnsFixtures.sessionWithAccount(pebble);

        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns("*." + base)
                .challengeTypes(Challenge.DNS_PERSIST_01)
                .responders(DnsResponder.builder(provider).propagationCheck(checker(pebble))
                        .removePersistentRecords(true).build())
                .readinessTimeout(Duration.ofSeconds(30))
                .build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactly(Identifier.dns("*." + base));
        assertThat(provider.published).singleElement().satisfies(record -> {
            assertThat(record.name()).isEqualTo("_validation-persist." + base);
            assertThat(record.value()).endsWith("; policy=wildcard");
        });
        assertThat(provider.removed).as("removePersistentRecords(true)").isEqualTo(provider.published);
        assertThat(DnsFixtures.txt(dns.dnsAddress(), "_validation-persist." + base)).isEmpty();
    }

    @Test
    void aWrongValueFailsValidationAndIsStillRemoved(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String name = DnsFixtures.unique("wrong") + ".example.com";
        RecordingProvider broken = new RecordingProvider(ChallTestSrvDnsProvider.create(dns.managementUrl()),
                value -> new StringBuilder(value).reverse().toString());

        assertThatThrownBy(() -> issue(pebble, broken, PropagationCheck.none(), Challenge.DNS_01, name))
                .isInstanceOf(AllChallengesFailedException.class)
                .hasMessageContaining(name);

        assertThat(broken.removed).isEqualTo(broken.published).hasSize(1);
        assertThat(dns.dnsRequestHistory("_acme-challenge." + name)).extracting(DnsRequest::typeName).contains("TXT");
        assertThat(DnsFixtures.txt(dns.dnsAddress(), "_acme-challenge." + name)).isEmpty();
    }

    @Test
    void aRecordThatNeverShowsUpTimesOutAndIsRemoved(PebbleServer pebble) throws Exception {
        ChallTestServer dns = pebble.challtestsrv();
        String name = DnsFixtures.unique("invisible") + ".example.com";
        ChallTestSrvDnsProvider challtestsrv = ChallTestSrvDnsProvider.create(dns.managementUrl());
        // Publishes under another name, so the checker never sees the value where the CA would look.
        RecordingProvider lost = new RecordingProvider(new org.certwright.acme.challenges.DnsProvider() {
            @Override
            public void publish(DnsRecord record) throws AcmeException {
                challtestsrv.publish(new DnsRecord("lost." + record.name(), record.value(), false));
            }

            @Override
            public void remove(DnsRecord record) throws AcmeException {
                challtestsrv.remove(new DnsRecord("lost." + record.name(), record.value(), false));
            }
        });
        Session session = DnsFixtures.sessionWithAccount(pebble);

        assertThatThrownBy(() -> new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(name)
                .challengeTypes(Challenge.DNS_01)
                .responders(DnsResponder.builder(lost).propagationCheck(DnsPropagationChecker.builder()
                        .nameservers(dns.dnsAddress()).interval(Duration.ofMillis(200)).build()).build())
                .readinessTimeout(Duration.ofSeconds(2))
                .build()))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("_acme-challenge." + name)
                .hasMessageContaining("not visible");

        assertThat(lost.removed).isEqualTo(lost.published).hasSize(1);
        assertThat(DnsFixtures.txt(dns.dnsAddress(), "lost._acme-challenge." + name)).isEmpty();
    }

    private static IssuedCertificate issue(PebbleServer pebble, RecordingProvider provider, PropagationCheck check,
            String type, String... names) throws Exception {
        Session session = DnsFixtures.sessionWithAccount(pebble);
        return new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(names)
                .challengeTypes(type)
                .responders(DnsResponder.builder(provider).propagationCheck(check).build())
                .readinessTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static DnsPropagationChecker checker(PebbleServer pebble) {
        // challtestsrv is the only "authoritative server", on a loopback port.
        return DnsPropagationChecker.builder()
                .nameservers(pebble.challtestsrv().dnsAddress())
                .interval(Duration.ofMillis(200))
                .build();
    }

    static List<String> types(Authorization authz) {
        return authz.challenges().stream().map(Challenge::type).toList();
    }
}
