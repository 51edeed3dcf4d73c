package org.certwright.acme.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certwright.acme.ExternalAccountBinding;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Registration;
import org.certwright.acme.crypto.KeyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certwright register}: creates the account (or finds it again). */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Creates an account at the CA and keeps its key in the state directory. Running it again"
                + " finds the same account.",
        footer = {"%nExamples:",
                "  certwright register --server letsencrypt --agree-tos --email you@example.com",
                "  certwright register --server zerossl --agree-tos --eab-kid KID --eab-hmac-key KEY",
                ExitCodeText.TABLE})
final class RegisterCommand extends CaCommand {

    @Option(names = "--email", paramLabel = "ADDRESS", description = "contact e-mail address; repeat for more")
    List<String> emails = new ArrayList<>();

    @Option(names = "--contact", paramLabel = "URI", description = "contact URI other than mailto:; repeat for more")
    List<String> contacts = new ArrayList<>();

    @Option(names = "--agree-tos", description = "agree to the CA's terms of service (most CAs require it)")
    boolean agreeTos;

    @Option(names = "--eab-kid", paramLabel = "KID", description = "external account binding key id, from the CA's console")
    String eabKid;

    @Option(names = "--eab-hmac-key", paramLabel = "KEY",
            description = "external account binding MAC key (base64url), from the CA's console")
    String eabHmacKey;

    @Option(names = "--account-key-type", paramLabel = "TYPE", defaultValue = "EC_P256",
            description = "the account key's type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    KeyType keyType;

    @Override
    int run(Reporter reporter) throws Exception {
        if ((eabKid == null) != (eabHmacKey == null)) {
            throw new IllegalArgumentException("--eab-kid and --eab-hmac-key go together");
        }
        NewRegistration.Builder request = NewRegistration.builder();
        emails.forEach(e -> request.contact("mailto:" + e));
        contacts.forEach(request::contact);
        if (agreeTos) {
            request.agreeToTermsOfService();
        }
        if (eabKid != null) {
            request.externalAccountBinding(ExternalAccountBinding.of(eabKid, eabHmacKey));
        }
        CaContext ca = CaContext.open(common);
        Registration registration = ca.register(request.build(), keyType);
        Map<String, Object> result = AccountCommand.describe(registration);
        reporter.result(result, AccountCommand.lines(registration));
        return ExitCode.OK;
    }
}
