package org.certwright.acme.examples;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.ValidationFailedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Obtains a certificate from any ACME CA with http-01 validation answered by an embedded HTTP
 * server, and writes the chain and key as PEM files.
 *
 * <pre>
 * java ... org.certwright.acme.examples.ObtainCertificate \
 *     --directory https://acme-staging-v02.api.letsencrypt.org/directory \
 *     --domain example.com --domain www.example.com --email ops@example.com --agree-tos
 * </pre>
 *
 * <p>The account key is kept in {@code <out>/account-key.pem} (created on first use), so running
 * it again uses the same account.
 *
 * <p>This is an example of the library's API, kept short to be read. The command-line tool, with
 * state, renewal, revocation and exit codes, is {@code certwright} in {@code acme-cli}.
 */
@Command(name = "obtain-certificate", mixinStandardHelpOptions = true,
        description = "Obtains a certificate over ACME with http-01 validation and writes it as PEM.")
public final class ObtainCertificate implements Callable<Integer> {

    @Option(names = "--directory", required = true, description = "the CA's ACME directory URL")
    URI directory;

    @Option(names = "--trust", description = "PEM file with the trust anchors for the CA's HTTPS (default: the JDK's)")
    Path trust;

    @Option(names = "--domain", required = true, description = "a DNS name or IP address; repeat for more")
    List<String> domains;

    @Option(names = "--email", description = "contact address for the account; repeat for more")
    List<String> emails = new ArrayList<>();

    @Option(names = "--agree-tos", description = "agree to the CA's terms of service")
    boolean agreeToTermsOfService;

    @Option(names = "--http-port", defaultValue = "80", description = "port of the http-01 server (default ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--http-address", description = "address of the http-01 server (default: every local address)")
    InetAddress httpAddress;

    @Option(names = "--key-type", defaultValue = "EC_P256", description = "certificate key: ${COMPLETION-CANDIDATES}")
    KeyType keyType;

    @Option(names = "--profile", description = "certificate profile, where the CA offers profiles")
    String profile;

    @Option(names = "--preferred-chain", description = "issuer name of the preferred chain, e.g. 'ISRG Root X2'")
    String preferredChain;

    @Option(names = "--timeout", defaultValue = "PT10M",
            description = "give up (and clean up) after this long, ISO-8601 (default ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--out", defaultValue = "certs", description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    /** Runs the program. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ObtainCertificate()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        Path accountKeyFile = out.resolve("account-key.pem");
        KeyPair accountKey;
        if (Files.exists(accountKeyFile)) {
            accountKey = Pem.readKeyPair(accountKeyFile);
        } else {
            accountKey = KeyType.EC_P256.generate();
            Pem.writeKeyPair(accountKeyFile, accountKey);
        }

        Session.Builder builder = Session.builder(directory, AccountKey.of(accountKey)).userAgent("certwright-example/1");
        if (trust != null) {
            builder.trustedCertificates(trust);
        }
        Session session = builder.build();
        NewRegistration.Builder registration = NewRegistration.builder();
        emails.forEach(e -> registration.contact("mailto:" + e));
        if (agreeToTermsOfService) {
            registration.agreeToTermsOfService();
        }
        session.register(registration.build());

        List<Identifier> identifiers = new ArrayList<>();
        for (String d : domains) {
            identifiers.add(d.matches("[0-9.]+|.*:.*") ? Identifier.ip(d) : Identifier.dns(d));
        }
        IssuanceRequest.Builder request = IssuanceRequest.builder()
                .identifiers(identifiers)
                .keyType(keyType) // a type CAs refuse (P-521, Ed25519) fails here, before any order
                .deadline(timeout)
                .listener(new Progress());
        if (preferredChain != null) {
            request.preferredChain(preferredChain);
        }
        if (profile != null) {
            request.profile(profile);
        }
        IssuedCertificate issued;
        try (EmbeddedHttpResponder http = httpAddress == null
                ? new EmbeddedHttpResponder(httpPort) : new EmbeddedHttpResponder(httpAddress, httpPort)) {
            issued = new CertificateIssuer(session).issue(request.responders(http).build());
        }

        Path dir = out.resolve(identifiers.get(0).value().replace('*', '_').replace(':', '_'));
        Path chain = dir.resolve("fullchain.pem");
        Path key = dir.resolve("privkey.pem");
        Pem.writeCertificates(chain, issued.certificate().chain());
        Pem.writeKeyPair(key, issued.keyPair().orElseThrow());

        X509Certificate leaf = issued.certificate().leaf();
        System.out.println("Certificate written to " + chain.toAbsolutePath() + " (key: " + key.toAbsolutePath() + ")");
        String subject = leaf.getSubjectX500Principal().getName();
        System.out.println("  subject: " + (subject.isEmpty() ? "(empty; the names are in subjectAltName)" : subject));
        System.out.println("  issuer:  " + leaf.getIssuerX500Principal().getName());
        System.out.println("  expires: " + leaf.getNotAfter().toInstant());
        System.out.println("  names:   " + Certificate.namedIdentifiers(leaf));
        return 0;
    }

    /** Shows what the flow does, on standard error. */
    private static final class Progress implements IssuanceListener {
        @Override
        public void orderCreated(Order order) {
            System.err.println("order placed for " + order.identifiers());
        }

        @Override
        public void challengeProvisioned(ChallengeContext context) {
            System.err.println("  " + context.identifier() + ": serving " + context.type());
        }

        @Override
        public void validated(Identifier identifier, String challengeType, boolean reused) {
            System.err.println("  " + identifier + ": " + (reused ? "already validated" : "validated by " + challengeType));
        }

        @Override
        public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
            System.err.println("  " + identifier + ": " + challengeType + " failed: " + failure.getMessage());
        }

        @Override
        public void finalized(Order order) {
            System.err.println("order finalized");
        }

        @Override
        public void downloaded(Certificate certificate) {
            System.err.println("certificate downloaded from " + certificate.url());
        }

        @Override
        public void alternateChainFailed(URI alternate, AcmeException failure) {
            System.err.println("  alternate chain " + alternate + " unavailable: " + failure.getMessage());
        }
    }
}
