package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.NoSuchElementException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import tools.jackson.databind.JsonNode;

@ExtendWith(PebbleExtension.class)
class PebbleServerIT {

    @Test
    void directoryIsReachableWithTheGeneratedTrustAnchor(PebbleServer pebble) throws Exception {
        assertThat(pebble.directoryUrl().toString()).matches("https://127\\.0\\.0\\.1:\\d+/dir");

        HttpClient client = HttpClient.newBuilder().sslContext(pebble.sslContext()).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(pebble.directoryUrl()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode directory = ManagementClient.JSON.readTree(response.body());
        assertThat(directory.has("newNonce")).isTrue();
        assertThat(directory.has("newAccount")).isTrue();
        assertThat(directory.has("newOrder")).isTrue();
        assertThat(directory.path("meta").path("externalAccountRequired").asBoolean(true)).isFalse();
    }

    @Test
    void directoryIsNotTrustedWithoutTheAnchor(PebbleServer pebble) {
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(pebble.directoryUrl()).build(),
                HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void trustAnchorIsWrittenAsPem(PebbleServer pebble) throws Exception {
        X509Certificate fromFile;
        try (InputStream in = Files.newInputStream(pebble.trustAnchorPem())) {
            fromFile = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }

        assertThat(fromFile).isEqualTo(pebble.trustAnchor());
        assertThat(pebble.trustAnchor().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(pebble.trustAnchor().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void rootsAndIntermediatesDownload(PebbleServer pebble) throws Exception {
        List<X509Certificate> roots = pebble.roots();
        List<X509Certificate> intermediates = pebble.intermediates();

        assertThat(roots).hasSize(1);
        assertThat(intermediates).hasSize(1);
        intermediates.get(0).verify(roots.get(0).getPublicKey());
        assertThat(roots.get(0)).isNotEqualTo(pebble.trustAnchor());
    }

    @Test
    void knowsItsVersion(PebbleServer pebble) {
        assertThat(pebble.version()).isNotEqualTo("unknown");
        assertThat(pebble.versionAtLeast(2, 4)).isTrue();
        assertThat(pebble.versionAtLeast(99, 0)).isFalse();
    }

    @Test
    void defaultsHaveNoEabKeys(PebbleServer pebble) {
        assertThat(pebble.config()).isEqualTo(PebbleConfig.defaults());
        assertThat(pebble.eabKeys()).isEmpty();
        assertThat(pebble.managementUrl().getScheme()).isEqualTo("https");
        assertThat(pebble.httpPort()).isNotEqualTo(pebble.tlsPort());
    }

    @Test
    void certStatusOfAnUnknownSerialIsAClearError(PebbleServer pebble) {
        assertThatThrownBy(() -> pebble.certStatus(BigInteger.valueOf(0x1234abcd)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("1234abcd");
    }

    @Test
    void sameConfigurationSharesOneInstance(PebbleServer first, PebbleServer second, ChallTestServer challtestsrv) {
        assertThat(second).isSameAs(first);
        assertThat(challtestsrv).isSameAs(first.challtestsrv());
    }

    @Test
    void logsGoToFiles(PebbleServer pebble) throws Exception {
        assertThat(Files.readString(pebble.logFile())).contains("-config");
        assertThat(Files.readString(pebble.challtestsrv().logFile())).contains("-defaultIPv4");
    }
}
