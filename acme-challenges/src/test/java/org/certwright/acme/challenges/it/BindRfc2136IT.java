package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsPropagationChecker;
import org.certwright.acme.challenges.DnsResponder;
import org.certwright.acme.challenges.PropagationCheck;
import org.certwright.acme.challenges.Rfc2136DnsProvider;
import org.certwright.acme.challenges.it.DnsFixtures.RecordingProvider;
import org.certwright.acme.challenges.internal.DnsNames;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.testkit.BindServer;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Update;

/**
 * dns-01 through a real BIND 9: records are published by TSIG-signed RFC 2136 updates, and Pebble,
 * whose DNS server is that BIND, looks them up there. BIND serves {@code certwright.test} with every
 * name at 127.0.0.1.
 */
class BindRfc2136IT {

    private static final String ZONE = "certwright.test";

    private static BindServer bind;
    private static PebbleServer pebble;

    @BeforeAll
    static void start() {
        bind = BindServer.start(ZONE);
        pebble = PebbleServer.start(PebbleConfig.defaults(), bind.address());
    }

    @AfterAll
    static void stop() {
        try {
            if (pebble != null) {
                pebble.close();
            }
        } finally {
            if (bind != null) {
                bind.close();
            }
        }
    }

    @Test
    void dns01ThroughSignedUpdatesIssuesAndRemovesTheRecord() throws Exception {
        String name = DnsFixtures.unique("rfc2136") + "." + ZONE;
        // No zone given: the provider finds certwright.test by asking BIND for SOA records.
        RecordingProvider provider = new RecordingProvider(Rfc2136DnsProvider.builder(bind.address())
                .tsigKey(bind.tsigKeyName(), bind.tsigAlgorithm(), bind.tsigSecret())
                .build());

        IssuedCertificate issued = issue(provider, checker(), name);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        assertThat(provider.published).singleElement()
                .satisfies(record -> assertThat(record.name()).isEqualTo("_acme-challenge." + name));
        assertThat(provider.removed).isEqualTo(provider.published);
        assertThat(DnsFixtures.txt(bind.address(), "_acme-challenge." + name)).isEmpty();
        assertThat(Files.readString(bind.logFile()))
                .as("Pebble asked BIND (with RD set, unlike the propagation check)")
                .contains("query: _acme-challenge." + name + " IN TXT +")
                .contains("signer \"" + bind.tsigKeyName() + "\" approved")
                .contains("adding an RR at '_acme-challenge." + name + "' TXT")
                .contains("deleting an RR at _acme-challenge." + name + " TXT");
    }

    @Test
    void aWildcardAndItsBaseShareTheNameAndEachValueIsRemovedOnItsOwn() throws Exception {
        String base = DnsFixtures.unique("wild") + "." + ZONE;
        RecordingProvider provider = new RecordingProvider(rfc2136());

        IssuedCertificate issued = issue(provider, checker(), "*." + base, base);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns("*." + base), Identifier.dns(base));
        assertThat(provider.published).hasSize(2).extracting(DnsRecord::name).containsOnly("_acme-challenge." + base);
        assertThat(DnsFixtures.txt(bind.address(), "_acme-challenge." + base)).isEmpty();
    }

    @Test
    void aDelegatedChallengeNameIsPublishedAtTheCnameTarget() throws Exception {
        String name = DnsFixtures.unique("alias") + "." + ZONE;
        String target = DnsFixtures.unique("validation") + ".delegated." + ZONE;
        addCname("_acme-challenge." + name, target);
        RecordingProvider provider = new RecordingProvider(rfc2136());

        IssuedCertificate issued = issue(provider, checker(), name);

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        assertThat(provider.published).singleElement().satisfies(record -> assertThat(record.name()).isEqualTo(target));
        assertThat(provider.removed).isEqualTo(provider.published);
        assertThat(Files.readString(bind.logFile())).as("Pebble asked for the challenge name, BIND followed the CNAME")
                .contains("query: _acme-challenge." + name + " IN TXT +");
        assertThat(DnsFixtures.txt(bind.address(), target)).isEmpty();
    }

    @Test
    void aWrongKeyIsRefusedAndNothingIsLeft() throws Exception {
        String name = DnsFixtures.unique("badkey") + "." + ZONE;
        String wrongSecret = Base64.getEncoder().encodeToString(new byte[32]);
        RecordingProvider provider = new RecordingProvider(Rfc2136DnsProvider.builder(bind.address())
                .zone(ZONE)
                .tsigKey(bind.tsigKeyName(), bind.tsigAlgorithm(), wrongSecret)
                .build());

        assertThatThrownBy(() -> issue(provider, checker(), name))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("refused: NOTAUTH")
                .hasMessageContaining("BADSIG")
                .hasMessageNotContaining(wrongSecret)
                .hasMessageNotContaining(bind.tsigSecret());

        assertThat(provider.removed).as("a failed publish is undone").isEqualTo(provider.published);
        assertThat(DnsFixtures.txt(bind.address(), "_acme-challenge." + name)).isEmpty();
    }

    @Test
    void aFailedValidationStillRemovesTheRecord() throws Exception {
        String name = DnsFixtures.unique("wrong") + "." + ZONE;
        RecordingProvider broken = new RecordingProvider(rfc2136(), value -> "not-" + value);

        assertThatThrownBy(() -> issue(broken, PropagationCheck.none(), name))
                .isInstanceOf(AllChallengesFailedException.class)
                .hasMessageContaining(name);

        assertThat(broken.removed).isEqualTo(broken.published).hasSize(1);
        assertThat(DnsFixtures.txt(bind.address(), "_acme-challenge." + name)).isEmpty();
    }

    private static IssuedCertificate issue(RecordingProvider provider, PropagationCheck check, String... names)
            throws Exception {
        Session session = DnsFixtures.sessionWithAccount(pebble);
        return new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(names)
                .challengeTypes(Challenge.DNS_01)
                .responders(DnsResponder.builder(provider).propagationCheck(check).build())
                .readinessTimeout(Duration.ofSeconds(30))
                .build());
    }

    private static Rfc2136DnsProvider rfc2136() {
        return Rfc2136DnsProvider.builder(bind.address())
                .zone(ZONE)
                .tsigKey(bind.tsigKeyName(), bind.tsigAlgorithm(), bind.tsigSecret())
                .ttl(Duration.ofSeconds(30))
                .build();
    }

    private static DnsPropagationChecker checker() {
        // BIND on its loopback port is the zone's only authoritative server.
        return DnsPropagationChecker.builder()
                .nameservers(bind.address())
                .interval(Duration.ofMillis(200))
                .build();
    }

    /** Delegates a challenge name, as an operator would once, by a signed update of its own. */
    private static void addCname(String name, String target) throws Exception {
        Update update = new Update(DnsNames.absolute(ZONE));
        update.add(new CNAMERecord(DnsNames.absolute(name), DClass.IN, 60, DnsNames.absolute(target)));
        SimpleResolver resolver = new SimpleResolver(bind.address());
        resolver.setTCP(true);
        resolver.setTSIGKey(new TSIG(TSIG.algorithmToName(bind.tsigAlgorithm()),
                DnsNames.absolute(bind.tsigKeyName()), bind.tsigSecret()));
        Message response = resolver.send(update);
        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
    }
}
