package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.problem.AcmeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responders found with {@link java.util.ServiceLoader} when the request names none. The test class
 * path registers no responder (a {@code META-INF/services} file in the test resources would reach
 * every test); the registration is made in a temporary directory and seen only through the
 * calling thread's context class loader, which is what {@code ServiceLoader.load} consults.
 */
class CertificateIssuerDiscoveryTest extends IssuerTestSupport {

    @TempDir
    Path services;

    @AfterEach
    void forgetDelegate() {
        ServiceLoadedResponder.delegate = null;
    }

    @Test
    void withoutRespondersAndNoneRegisteredTheIssuerSaysNoneWereFound() {
        assertThatThrownBy(() -> issuer.issue(request("example.com").build()))
                .isExactlyInstanceOf(AcmeException.class)
                .hasMessageContaining("none were found with ServiceLoader");
        assertThat(server.routesSince(afterAccountSetup)).as("nothing was ordered").isEmpty();
    }

    @Test
    void aRegisteredResponderIsDiscoveredAndUsed() throws Exception {
        FakeResponder http = http01();
        ServiceLoadedResponder.delegate = http;
        Path file = services.resolve("META-INF/services/" + ChallengeResponder.class.getName());
        Files.createDirectories(file.getParent());
        Files.writeString(file, ServiceLoadedResponder.class.getName() + "\n", StandardCharsets.UTF_8);

        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader withRegistration = new URLClassLoader(new URL[] {services.toUri().toURL()}, original)) {
            thread.setContextClassLoader(withRegistration);
            IssuedCertificate issued = issuer.issue(request("example.com").build());
            assertThat(issued.certificate().leaf()).isNotNull();
        } finally {
            thread.setContextClassLoader(original);
        }

        assertThat(http.provisionedIdentifiers()).containsExactly(Identifier.dns("example.com"));
        assertAllClosedOnce(http);
    }
}
