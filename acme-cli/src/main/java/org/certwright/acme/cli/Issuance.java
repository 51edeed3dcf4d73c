package org.certwright.acme.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.Certificate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.Session;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.lifecycle.CertificateFiles;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.ValidationFailedException;
import picocli.CommandLine.Option;

/** What {@code issue} and {@code renew} share: the certificate's options, the flow and the output files. */
final class Issuance {

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "EC_P256",
            description = "the certificate's key: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    KeyType keyType;

    @Option(names = "--profile", paramLabel = "NAME", description = "certificate profile, where the CA offers profiles")
    String profile;

    @Option(names = "--preferred-chain", paramLabel = "ISSUER",
            description = "issuer or root name of the preferred chain, e.g. 'ISRG Root X2'")
    String preferredChain;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the PEM files go, in a directory per certificate (default: STATE-DIR/live)")
    Path out;

    @Option(names = "--pkcs12",
            description = "also write keystore.p12, with the password in $CERTWRIGHT_PKCS12_PASSWORD")
    boolean pkcs12;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
            description = "give up (and clean up) after this long, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration timeout;

    /**
     * Obtains a certificate, keeps it in the state directory and writes its files.
     *
     * @return the result's fields, for the report
     */
    Map<String, Object> issue(CaContext ca, Session session, List<Identifier> identifiers,
                              ChallengeOptions challenges, Optional<CertificateId> replaces)
            throws AcmeException, IOException {
        IssuanceRequest.Builder request = IssuanceRequest.builder()
                .identifiers(identifiers)
                .keyType(keyType)
                .deadline(timeout)
                .listener(new Progress(ca.reporter));
        if (profile != null) {
            request.profile(profile);
        }
        if (preferredChain != null) {
            request.preferredChain(preferredChain);
        }
        replaces.ifPresent(request::replaces);
        List<ChallengeResponder> responders = challenges.responders();
        IssuedCertificate issued;
        try {
            issued = new CertificateIssuer(session).issue(
                    request.responders(responders.toArray(ChallengeResponder[]::new)).build());
        } finally {
            ChallengeOptions.close(responders);
        }
        String id = StateDirectory.certificateId(identifiers.get(0).value());
        var key = issued.keyPair().orElseThrow(() -> new IllegalStateException("the flow generated no key"));
        List<X509Certificate> chain = issued.certificate().chain();
        ca.state.saveCertificate(id, key.getPrivate(), chain);
        CertificateFiles.Builder files = CertificateFiles.builder(out != null ? out : ca.state.root().resolve("live"));
        if (pkcs12) {
            String password = System.getenv("CERTWRIGHT_PKCS12_PASSWORD");
            if (password == null) {
                throw new IllegalArgumentException("--pkcs12 needs the password in $CERTWRIGHT_PKCS12_PASSWORD");
            }
            files.pkcs12(password.toCharArray());
        }
        CertificateFiles.WrittenFiles written = files.build().write(id, key.getPrivate(), chain);
        Map<String, Object> result = describe(id, chain.get(0));
        result.put("url", issued.certificate().url().toString());
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put("certificate", written.certificate().toString());
        paths.put("chain", written.chain().toString());
        paths.put("fullChain", written.fullChain().toString());
        paths.put("privateKey", written.privateKey().toString());
        written.pkcs12().ifPresent(p -> paths.put("pkcs12", p.toString()));
        result.put("files", paths);
        return result;
    }

    /** A certificate's names, issuer and validity, for reports. */
    static Map<String, Object> describe(String id, X509Certificate leaf) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("name", id);
        result.put("identifiers", Certificate.namedIdentifiers(leaf).stream().map(Identifier::value).toList());
        result.put("issuer", leaf.getIssuerX500Principal().getName());
        result.put("serial", leaf.getSerialNumber().toString(16));
        result.put("notBefore", leaf.getNotBefore().toInstant().toString());
        result.put("notAfter", leaf.getNotAfter().toInstant().toString());
        return result;
    }

    /** Human lines for an issued certificate. */
    @SuppressWarnings("unchecked")
    static List<String> lines(Map<String, Object> result) {
        List<String> lines = new ArrayList<>();
        lines.add("Certificate " + result.get("name") + " for " + result.get("identifiers"));
        lines.add("  issuer:    " + result.get("issuer"));
        lines.add("  expires:   " + result.get("notAfter"));
        if (result.get("files") instanceof Map<?, ?> files) {
            ((Map<String, Object>) files).forEach((k, v) -> lines.add(String.format("  %-10s %s", k + ":", v)));
        }
        return lines;
    }

    /** Names as typed: IP addresses become IP identifiers, everything else a DNS name. */
    static List<Identifier> identifiers(List<String> names) {
        List<Identifier> ids = new ArrayList<>();
        for (String n : names) {
            String name = n.strip();
            boolean ip = name.matches("[0-9.]+") || name.contains(":");
            ids.add(ip ? Identifier.ip(name) : Identifier.dns(name));
        }
        return ids;
    }

    /** Tells the user what the flow is doing. */
    private static final class Progress implements IssuanceListener {
        private final Reporter reporter;

        Progress(Reporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public void orderCreated(Order order) {
            reporter.progress("ordering a certificate for " + order.identifiers().stream().map(Identifier::value).toList());
        }

        @Override
        public void challengeProvisioned(ChallengeContext context) {
            reporter.progress("provisioning " + context.type() + " for " + context.identifier().value()
                    + ", waiting for the CA to validate");
        }

        @Override
        public void validated(Identifier identifier, String challengeType, boolean reused) {
            reporter.progress(identifier.value() + (reused ? " already validated" : " validated by " + challengeType));
        }

        @Override
        public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
            reporter.progress(identifier.value() + ": " + challengeType + " failed: " + failure.getMessage());
        }

        @Override
        public void finalized(Order order) {
            reporter.progress("finalized; downloading the certificate");
        }

        @Override
        public void downloaded(Certificate certificate) {
            reporter.progress("downloaded " + certificate.url());
        }

        @Override
        public void alternateChainFailed(URI alternate, AcmeException failure) {
            reporter.progress("alternate chain " + alternate + " unavailable: " + failure.getMessage());
        }
    }
}
