package org.certwright.acme.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.draft.ScriptedDraftCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The draft example against a scripted draft CA (the HTTPS validation itself is tested in acme-challenges). */
class DraftBarnesAcmeClientTest {

    @TempDir
    Path dir;
    private MockWebServer server;
    private ScriptedDraftCa ca;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        ca = new ScriptedDraftCa(server.url("/").toString(),
                (domain, type, token, response, key) -> "simpleHttps".equals(type)
                        && response.get("path") instanceof String);
        server.setDispatcher(ca);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void registersAgreesAndWritesTheCertificate() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        int exit = new CommandLine(new DraftBarnesAcmeClient()).execute("--new-reg", ca.newRegUrl().toString(),
                "--account-key", dir.resolve("account.pem").toString(), "--contact", "mailto:ops@example.org",
                "--agree-tos", "--domain", "example.org", "--https-port", Integer.toString(port),
                "--out", dir.toString(), "--allow-http-on-loopback");

        assertThat(exit).isZero();
        List<X509Certificate> chain = Pem.readCertificates(dir.resolve("certificate.pem"));
        assertThat(chain).hasSize(2).last().isEqualTo(ca.caCertificate());
        assertThat(Files.exists(dir.resolve("key.pem"))).isTrue();
        assertThat(Files.exists(dir.resolve("account.pem"))).isTrue();
        assertThat(ca.requestLines()).startsWith("POST /acme/new-reg", "POST /acme/reg/1", "POST /acme/new-authz");
        assertThat(ca.violations()).isEmpty();
    }
}
