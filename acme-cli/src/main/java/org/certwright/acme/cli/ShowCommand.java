package org.certwright.acme.cli;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certwright show}: a certificate's names, issuer, expiry and renewal window. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Shows a certificate's names, issuer and validity, and the renewal window (ARI) the CA"
                + " gives it.",
        footer = {"%nExamples:",
                "  certwright show ~/.certwright/live/example.com/cert.pem --server letsencrypt",
                "  certwright show --offline fullchain.pem --json",
                ExitCodeText.TABLE})
final class ShowCommand extends CaCommand {

    @Parameters(paramLabel = "FILE", description = "a PEM certificate file (the first certificate is shown)")
    Path file;

    @Option(names = "--offline", description = "do not ask the CA for the renewal window")
    boolean offline;

    @Override
    int run(Reporter reporter) throws Exception {
        X509Certificate leaf = Pem.readCertificates(file).get(0);
        Map<String, Object> result = Issuance.describe(file.toString(), leaf);
        result.remove("name");
        result.put("file", file.toString());
        List<String> lines = new ArrayList<>();
        lines.add("Certificate " + file);
        lines.add("  names:     " + result.get("identifiers"));
        lines.add("  issuer:    " + result.get("issuer"));
        lines.add("  serial:    " + result.get("serial"));
        lines.add("  valid:     " + result.get("notBefore") + " to " + result.get("notAfter"));
        if (!offline) {
            try {
                reporter.progress("asking " + common.server + " for the renewal window");
                // Renewal information is public (a GET): no account is needed, any session key will do.
                RenewalInfo info = CaContext.open(common).client.session(AccountKey.of(KeyType.EC_P256.generate()))
                        .renewalInfo(leaf);
                result.put("renewalWindowStart", info.windowStart().toString());
                result.put("renewalWindowEnd", info.windowEnd().toString());
                info.explanationUrl().ifPresent(u -> result.put("renewalExplanation", u.toString()));
                lines.add("  renew:     " + info.windowStart() + " to " + info.windowEnd()
                        + info.explanationUrl().map(u -> " (" + u + ")").orElse(""));
            } catch (AcmeInterruptedException e) {
                throw e;
            } catch (AcmeException | IllegalArgumentException e) {
                // IllegalArgumentException: a certificate without the Authority Key Identifier ARI needs.
                result.put("renewalWindowError", e.getMessage());
                lines.add("  renew:     unknown (" + e.getMessage() + ")");
            }
        }
        reporter.result(result, lines);
        return ExitCode.OK;
    }
}
