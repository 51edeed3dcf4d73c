package org.certwright.acme.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.KeyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certwright issue}: obtains a certificate. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Obtains a certificate for one or more names and writes cert.pem, chain.pem, fullchain.pem"
                + " and privkey.pem (and keystore.p12 with --pkcs12).",
        footer = {"%nExamples:",
                "  certwright issue --server letsencrypt-staging example.com www.example.com",
                "  certwright issue --webroot /var/www/html example.com",
                "  CERTWRIGHT_TSIG_SECRET=... certwright issue --dns-rfc2136 ns1.example.com --tsig-key acme:hmac-sha256 '*.example.com'",
                "  certwright issue --server pebble --trust pebble.pem --http-port 5002 --agree-tos test.example",
                ExitCodeText.TABLE})
final class IssueCommand extends CaCommand {

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "DNS names (a wildcard too) or IP addresses")
    List<String> names = new ArrayList<>();

    @Mixin
    Issuance issuance;

    @Mixin
    ChallengeOptions challenges;

    @Option(names = "--agree-tos", description = "if there is no account yet, create one, agreeing to the CA's terms")
    boolean agreeTos;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "contact for an account created here; repeat for more")
    List<String> emails = new ArrayList<>();

    @Override
    int run(Reporter reporter) throws Exception {
        var identifiers = Issuance.identifiers(names);
        challenges.check();
        CaContext ca = CaContext.open(common);
        if (!ca.hasAccount() && agreeTos) {
            NewRegistration.Builder reg = NewRegistration.builder().agreeToTermsOfService();
            emails.forEach(e -> reg.contact("mailto:" + e));
            ca.register(reg.build(), KeyType.EC_P256);
        }
        Session session = ca.accountSession();
        var result = issuance.issue(ca, session, identifiers, challenges, Optional.empty());
        reporter.result(result, Issuance.lines(result));
        return ExitCode.OK;
    }
}
