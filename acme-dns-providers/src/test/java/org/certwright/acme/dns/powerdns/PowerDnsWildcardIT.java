package org.certwright.acme.dns.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsPropagationChecker;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.certwright.acme.challenges.DnsResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import org.certwright.testkit.PowerDnsServer;
import org.junit.jupiter.api.Test;

/**
 * A wildcard certificate from Pebble, validated by dns-01 through a real PowerDNS: Pebble's DNS server
 * is that pdns_server, and the records are published through its HTTP API by the provider made from
 * text options, as the command line would make it.
 */
class PowerDnsWildcardIT {

    private static final String ZONE = "certwright.test";

    @Test
    void aWildcardAndItsBaseAreIssuedThroughPowerDnsAndTheRecordsRemoved() throws Exception {
        try (PowerDnsServer pdns = PowerDnsServer.start(ZONE);
                PebbleServer pebble = PebbleServer.start(PebbleConfig.defaults(), pdns.address())) {
            String base = "wild-" + ProcessHandle.current().pid() + "." + ZONE;
            Recording provider = new Recording(DnsProviderFactory.named("powerdns").create(java.util.Map.of(
                    "api-url", pdns.apiUrl().toString(), "api-key", pdns.apiKey(), "ttl", "5")));
            Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                    .trustedCertificates(List.of(pebble.trustAnchor()))
                    .userAgent("certwright-it/1")
                    .build();
            session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());

            IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                    .dns("*." + base, base)
                    .challengeTypes(Challenge.DNS_01)
                    .responders(DnsResponder.builder(provider)
                            .propagationCheck(DnsPropagationChecker.builder()
                                    .nameservers(pdns.address())
                                    .interval(Duration.ofMillis(200))
                                    .build())
                            .build())
                    .readinessTimeout(Duration.ofSeconds(30))
                    .build());

            assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                    .containsExactlyInAnyOrder(Identifier.dns("*." + base), Identifier.dns(base));
            assertThat(provider.published).hasSize(2).extracting(DnsRecord::name)
                    .containsOnly("_acme-challenge." + base);
            assertThat(provider.removed).containsExactlyInAnyOrderElementsOf(provider.published);
            assertThat(pdns.txt(ZONE, "_acme-challenge." + base)).isEmpty();
            assertThat(Files.readString(pdns.logFile())).as("Pebble looked the record up in PowerDNS")
                    .containsIgnoringCase("_acme-challenge." + base);
        }
    }

    /** Records what the responder asked for, to check that both values were published at one name and removed. */
    private static final class Recording implements DnsProvider {
        private final DnsProvider delegate;
        final List<DnsRecord> published = new CopyOnWriteArrayList<>();
        final List<DnsRecord> removed = new CopyOnWriteArrayList<>();

        Recording(DnsProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public void publish(DnsRecord record) throws AcmeException {
            published.add(record);
            delegate.publish(record);
        }

        @Override
        public void remove(DnsRecord record) throws AcmeException {
            removed.add(record);
            delegate.remove(record);
        }
    }
}
