package org.certwright.acme.cli;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.certwright.acme.RevocationReason;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certwright revoke}: revokes a certificate. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes a certificate, signed by the account (default) or by the certificate's own key"
                + " (when the account is lost, or the key was compromised).",
        footer = {"%nExamples:",
                "  certwright revoke --server letsencrypt --name example.com --reason superseded",
                "  certwright revoke --server letsencrypt --cert cert.pem --key privkey.pem --reason key_compromise",
                ExitCodeText.TABLE})
final class RevokeCommand extends CaCommand {

    /** Which certificate. */
    static final class Target {
        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "a certificate in the state directory, by its first name")
        String name;

        @Option(names = "--cert", paramLabel = "FILE", required = true,
                description = "a certificate file (PEM; the first certificate is revoked)")
        Path certFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "UNSPECIFIED",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    RevocationReason reason;

    @Option(names = "--key", paramLabel = "FILE",
            description = "sign with the certificate's private key (PEM) instead of the account")
    Path keyFile;

    @Option(names = "--by-certificate-key",
            description = "with --name: sign with the stored certificate key instead of the account")
    boolean byCertificateKey;

    @Override
    int run(Reporter reporter) throws Exception {
        CaContext ca = CaContext.open(common);
        X509Certificate certificate;
        PrivateKey storedKey = null;
        if (target.name != null) {
            var stored = ca.state.certificate(StateDirectory.certificateId(target.name)).orElseThrow(() ->
                    new IllegalArgumentException("no certificate '" + target.name + "' in " + ca.state.root()));
            certificate = stored.leaf();
            storedKey = stored.key();
        } else {
            certificate = Pem.readCertificates(target.certFile).get(0);
        }
        PrivateKey certificateKey = keyFile != null ? Pem.readPrivateKey(java.nio.file.Files.readString(keyFile))
                : byCertificateKey ? storedKey : null;
        if (byCertificateKey && storedKey == null) {
            throw new IllegalArgumentException("--by-certificate-key needs --name (with --cert, give --key FILE)");
        }
        reporter.progress("revoking " + certificate.getSerialNumber().toString(16));
        if (certificateKey != null) {
            // Signed by the certificate's key: no account is needed, so any session key will do.
            ca.client.session(AccountKey.of(KeyType.EC_P256.generate()))
                    .revoke(certificate, reason, new KeyPair(certificate.getPublicKey(), certificateKey));
        } else {
            ca.accountSession().revoke(certificate, reason);
        }
        Map<String, Object> result = Issuance.describe(target.name != null ? target.name
                : target.certFile.toString(), certificate);
        result.put("revoked", true);
        result.put("reason", reason.name());
        reporter.result(result, java.util.List.of("Revoked certificate " + result.get("serial") + " for "
                + result.get("identifiers") + " (" + reason + ")"));
        return ExitCode.OK;
    }
}
