package org.certwright.acme.examples;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.Callable;
import org.certwright.acme.Dialect;
import org.certwright.acme.DraftFields;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.SimpleHttpsResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Obtains a certificate from a CA that speaks the 2015 draft ACME started as (draft-barnes-acme),
 * the seed's "{@code apt-get install acme} and then...": register with the {@code new-reg} URL,
 * agree to the terms the CA links, prove control of each name with {@code simpleHttps} (an HTTPS
 * server on {@code --https-port} presenting a self-signed certificate for the account key), and
 * write the certificate chain and its key as PEM.
 *
 * <pre>
 * java -m org.certwright.acme.examples/org.certwright.acme.examples.DraftBarnesAcmeClient \
 *     --new-reg https://ca.example/acme/new-reg --account-key account.pem \
 *     --contact mailto:ops@example.org --agree-tos --domain example.org --domain www.example.org
 * </pre>
 *
 * <p>The draft has no replay protection: anyone who sees one of its signed requests can send it
 * again. Use it only with a CA that speaks nothing else; every CA in service speaks RFC 8555,
 * which a session speaks unless told otherwise.
 */
@Command(name = "draft-barnes-acme-client", mixinStandardHelpOptions = true,
        description = "Obtains a certificate from a draft-barnes-acme CA with the simpleHttps challenge.")
public final class DraftBarnesAcmeClient implements Callable<Integer> {

    @Option(names = "--new-reg", required = true, description = "the CA's new-reg URL, the only one the draft configures")
    URI newReg;

    @Option(names = "--account-key", required = true,
            description = "PEM file with the account key pair; created (EC P-256) if missing")
    Path accountKey;

    @Option(names = "--registration", description = "the registration URL, if the key is registered already")
    URI registration;

    @Option(names = "--contact", description = "contact URL, such as mailto:ops@example.org (repeatable)")
    List<URI> contacts = List.of();

    @Option(names = "--agree-tos", description = "agree to the terms of service the CA links to")
    boolean agree;

    @Option(names = "--domain", required = true, description = "a name for the certificate (repeatable)")
    List<String> domains;

    @Option(names = "--https-port", defaultValue = "443", description = "port the CA validates simpleHttps on (default ${DEFAULT-VALUE})")
    int httpsPort;

    @Option(names = "--trust", description = "PEM file with the CA's TLS trust anchors (default: the JDK's)")
    Path trust;

    @Option(names = "--out", defaultValue = ".", description = "directory for certificate.pem and key.pem")
    Path out;

    @Option(names = "--allow-http-on-loopback", description = "allow a plain-HTTP CA on this machine (tests)")
    boolean allowHttpOnLoopback;

    /** Runs the client. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DraftBarnesAcmeClient()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        KeyPair account;
        if (Files.exists(accountKey)) {
            account = Pem.readKeyPair(accountKey);
        } else {
            account = KeyType.EC_P256.generate();
            Pem.writeKeyPair(accountKey, account);
        }
        // The draft must be chosen explicitly; the URL is then new-reg, not a directory.
        Session.Builder builder = Session.builder(newReg, account).dialect(Dialect.DRAFT_BARNES_ACME)
                .userAgent("certwright-draft-example/1");
        if (trust != null) {
            builder.trustedCertificates(trust);
        }
        if (allowHttpOnLoopback) {
            builder.allowInsecureHttpOnLoopback();
        }
        if (registration != null) {
            builder.accountUrl(registration);
        }
        Session session = builder.build();

        // new-reg {contact}; then, if the CA links terms and --agree-tos was given, {agreement}.
        NewRegistration.Builder request = NewRegistration.builder();
        contacts.forEach(request::contact);
        if (agree) {
            request.agreeToTermsOfService();
        }
        Registration reg = session.register(request.build());
        System.out.println("registration " + reg.url() + DraftFields.agreement(reg).map(a -> ", agreed to " + a).orElse(""));
        reg.termsOfService().filter(t -> DraftFields.agreement(reg).isEmpty())
                .ifPresent(t -> System.out.println("the CA asks for agreement to " + t + " (--agree-tos)"));

        // new-authz per name, simpleHttps over HTTPS, new-cert, the issuers behind Link rel="up".
        try (SimpleHttpsResponder simpleHttps = new SimpleHttpsResponder(account, httpsPort)) {
            IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                    .dns(domains.toArray(String[]::new))
                    .responders(simpleHttps)
                    .build());
            Files.createDirectories(out);
            Pem.writeCertificates(out.resolve("certificate.pem"), issued.certificate().chain());
            Pem.writeKeyPair(out.resolve("key.pem"), issued.keyPair().orElseThrow());
            System.out.println("certificate " + issued.certificate().url() + " for " + domains + " written to "
                    + out.toAbsolutePath());
        }
        return 0;
    }
}
