package org.certwright.acme.challenges.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.certwright.acme.Certificate;
import org.certwright.acme.Challenge;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenges.TlsAlpnResponder;
import org.certwright.acme.challenges.WebrootHttpResponder;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A failed http-01 (nothing listens on Pebble's httpPort) falls back to tls-alpn-01; both are cleaned up. */
@Pebble(authzReusePercent = 0)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FallbackIT {

    @Test
    void failedHttp01FallsBackToTlsAlpn01(PebbleServer pebble, @TempDir Path webroot) throws Exception {
        assertThat(Http01IT.refusesConnections(pebble.httpPort())).as("nothing may listen on the http-01 port").isTrue();
        WebrootHttpResponder http01 = new WebrootHttpResponder(webroot); // written, but no web server serves it
        String name = PebbleSessions.uniqueName("fallback");
        List<List<String>> leftAtFailure = new CopyOnWriteArrayList<>();
        RecordingListener listener = new RecordingListener(f -> leftAtFailure.add(challengeFiles(webroot)));

        IssuedCertificate issued;
        try (TlsAlpnResponder tlsAlpn01 = new TlsAlpnResponder(InetAddress.getLoopbackAddress(), pebble.tlsPort())) {
            issued = new CertificateIssuer(PebbleSessions.withAccount(pebble)).issue(IssuanceRequest.builder()
                    .dns(name).responders(http01, tlsAlpn01).listener(listener).build());
            assertThat(tlsAlpn01.isListening()).as("tls-alpn-01 server stopped after success").isFalse();
        }

        assertThat(Certificate.namedIdentifiers(issued.certificate().leaf())).containsExactly(Identifier.dns(name));
        assertThat(listener.failed).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(Challenge.HTTP_01);
            assertThat(f.failure().getMessage()).containsAnyOf("onnection refused", "connection", "Connection");
        });
        // The http-01 file was written and removed before the flow moved on to tls-alpn-01.
        assertThat(leftAtFailure).containsExactly(List.of());
        assertThat(webroot.resolve(".well-known/acme-challenge")).isDirectory();
        assertThat(listener.freshTypes()).containsExactly(Challenge.TLS_ALPN_01);
    }

    private static List<String> challengeFiles(Path webroot) {
        try (Stream<Path> files = Files.list(webroot.resolve(".well-known/acme-challenge"))) {
            return files.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
