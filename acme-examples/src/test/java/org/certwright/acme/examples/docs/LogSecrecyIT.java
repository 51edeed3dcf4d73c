package org.certwright.acme.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the logging page promises: with every logger at TRACE, a whole issuance logs no private key
 * and no JWS. The issuance runs in a child JVM, so that SLF4J's simple binding starts with TRACE.
 */
@Pebble
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LogSecrecyIT {

    @TempDir
    Path temp;

    @Test
    void aWholeIssuanceAtTraceLogsNoPrivateKeyAndNoJws(PebbleServer pebble) throws Exception {
        Path log = temp.resolve("log.txt");
        Path secrets = temp.resolve("secrets.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace",
                "-cp", String.join(File.pathSeparator, SnippetCompiler.testClassPath()),
                Issue.class.getName(), pebble.directoryUrl().toString(), pebble.trustAnchorPem().toString(),
                Integer.toString(pebble.httpPort()), secrets.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the issuance ends").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        assertThat(output).as("DEBUG lines were logged").contains("DEBUG org.certwright");
        assertThat(output).doesNotContain("PRIVATE KEY", "\"protected\"", "\"signature\"");
        for (String secret : Files.readAllLines(secrets, StandardCharsets.UTF_8)) {
            assertThat(output).as("a private key's encoding").doesNotContain(secret);
        }
    }

    /** The child: one certificate with real http-01; writes the private keys' encodings for the test. */
    public static final class Issue {
        private Issue() {
        }

        /**
         * Issues a certificate.
         *
         * @param args directory URL, trust PEM, http-01 port, file for the secrets
         * @throws Exception when the issuance fails
         */
        public static void main(String[] args) throws Exception {
            KeyPair accountKey = KeyType.EC_P256.generate();
            Session session = Session.builder(java.net.URI.create(args[0]), accountKey)
                    .trustedCertificates(Path.of(args[1])).build();
            session.register(NewRegistration.builder().agreeToTermsOfService().build());
            IssuedCertificate issued;
            try (EmbeddedHttpResponder http = new EmbeddedHttpResponder(InetAddress.getByName("127.0.0.1"),
                    Integer.parseInt(args[2]))) {
                issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                        .dns("secrecy.certwright.test").responders(http).build());
            }
            List<String> secrets = new ArrayList<>();
            for (KeyPair pair : List.of(accountKey, issued.keyPair().orElseThrow())) {
                byte[] pkcs8 = pair.getPrivate().getEncoded();
                // A long slice of the PKCS#8 body in base64, and the JWK's "d" (base64url), as logs would show them.
                secrets.add(Base64.getEncoder().encodeToString(pkcs8).substring(40, 80));
                if (pair.getPrivate() instanceof ECPrivateKey ec) {
                    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned(ec.getS())));
                }
            }
            Files.write(Path.of(args[3]), secrets, StandardCharsets.UTF_8);
        }

        private static byte[] unsigned(BigInteger value) {
            byte[] bytes = value.toByteArray();
            return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }
    }
}
