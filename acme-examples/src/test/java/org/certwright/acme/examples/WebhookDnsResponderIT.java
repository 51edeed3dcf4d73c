package org.certwright.acme.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The custom responder, validated for real by Pebble through pebble-challtestsrv's HTTP API. */
@Pebble(authzReusePercent = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebhookDnsResponderIT {

    @Test
    void issuesAWildcardCertificateWithTheCustomResponder(PebbleServer pebble) throws Exception {
        URI api = pebble.challtestsrv().managementUrl();
        WebhookDnsResponder dns01 = new WebhookDnsResponder(api.resolve("/set-txt"), api.resolve("/clear-txt"));
        String name = "custom-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        Session session = Session.builder(pebble.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(pebble.trustAnchor())).build();
        session.register(NewRegistration.builder().agreeToTermsOfService().build());

        IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                .dns(name, "*." + name).challengeTypes(Challenge.DNS_01).responders(dns01).build());

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                .containsExactlyInAnyOrder(Identifier.dns(name), Identifier.dns("*." + name));
        assertThat(txtRecords(pebble, "_acme-challenge." + name)).as("removed after validation").isEmpty();
    }

    private static List<Record> txtRecords(PebbleServer pebble, String name) throws Exception {
        SimpleResolver resolver = new SimpleResolver(pebble.challtestsrv().dnsAddress());
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.TXT,
                DClass.IN)));
        return response.getSection(Section.ANSWER);
    }
}
