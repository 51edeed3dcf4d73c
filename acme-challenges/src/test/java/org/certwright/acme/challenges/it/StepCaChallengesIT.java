package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.challenges.TlsAlpnResponder;
import org.certwright.acme.challenges.WebrootHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.StepCaExtension;
import org.certwright.testkit.StepCaServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real responders against step-ca 0.19.0, which validates at ports 80 and 443 of the instance's
 * own loopback address (see {@link StepCaServer}): http-01 and tls-alpn-01 for DNS and IP identifiers,
 * and the fallback from a failing http-01 to tls-alpn-01.
 */
@ExtendWith(StepCaExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StepCaChallengesIT {

    @Test
    void http01ForDnsAndIpIdentifiers(StepCaServer stepCa) throws Exception {
        Identifier dns = Identifier.dns(PebbleSessions.uniqueName("step-http"));
        Identifier ip = Identifier.ip(stepCa.validationAddress().getHostAddress());
        RecordingListener listener = new RecordingListener();
        IssuedCertificate issued;
        try (EmbeddedHttpResponder http01 = new EmbeddedHttpResponder(stepCa.validationAddress(),
                StepCaServer.HTTP_PORT)) {
            issued = issue(stepCa, List.of(dns, ip), listener, http01);
        }

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactlyInAnyOrder(dns, ip);
        assertThat(listener.freshTypes()).containsExactly(Challenge.HTTP_01, Challenge.HTTP_01);
    }

    @Test
    void tlsAlpn01ForDnsAndIpIdentifiers(StepCaServer stepCa) throws Exception {
        Identifier dns = Identifier.dns(PebbleSessions.uniqueName("step-alpn"));
        Identifier ip = Identifier.ip(stepCa.validationAddress().getHostAddress());
        RecordingListener listener = new RecordingListener();
        IssuedCertificate issued;
        try (TlsAlpnResponder tlsAlpn01 = new TlsAlpnResponder(stepCa.validationAddress(), StepCaServer.TLS_PORT)) {
            issued = issue(stepCa, List.of(dns, ip), listener, tlsAlpn01);
            assertThat(tlsAlpn01.isListening()).isFalse();
        }

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactlyInAnyOrder(dns, ip);
        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01, Challenge.TLS_ALPN_01);
    }

    @Test
    void aFailingHttp01FallsBackToTlsAlpn01(StepCaServer stepCa, @TempDir Path webroot) throws Exception {
        // Written, but nothing serves it: step-ca cannot connect, leaves the challenge pending with a
        // connection error and the authorization pending; answered again twice, then the flow moves on.
        WebrootHttpResponder http01 = new WebrootHttpResponder(webroot);
        Identifier dns = Identifier.dns(PebbleSessions.uniqueName("step-fallback"));
        RecordingListener listener = new RecordingListener();
        IssuedCertificate issued;
        try (TlsAlpnResponder tlsAlpn01 = new TlsAlpnResponder(stepCa.validationAddress(), StepCaServer.TLS_PORT)) {
            issued = issue(stepCa, List.of(dns), listener, http01, tlsAlpn01);
        }

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(dns);
        assertThat(listener.failed).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Challenge.HTTP_01);
            assertThat(f.failure().getMessage()).contains("connection");
        });
        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01);
    }

    private static IssuedCertificate issue(StepCaServer stepCa, List<Identifier> identifiers,
            RecordingListener listener, ChallengeResponder... responders) throws Exception {
        Session session = Session.builder(stepCa.directoryUrl(), KeyType.EC_P256.generate())
                .trustedCertificates(List.of(stepCa.trustAnchor()))
                .userAgent("certwright-challenges-it/1")
                .build();
        session.register(NewRegistration.builder().contact("mailto:it@example.com").agreeToTermsOfService().build());
        return new CertificateIssuer(session).issue(IssuanceRequest.builder().identifiers(identifiers)
                .responders(responders).listener(listener).build());
    }
}
