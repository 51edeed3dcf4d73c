package org.certwright.acme.cli;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certwright.acme.Registration;
import org.certwright.acme.Session;
import org.certwright.acme.crypto.AccountKey;
import org.certwright.acme.crypto.KeyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certwright account}: shows and manages the stored account. */
@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Shows or changes the account kept in the state directory.",
        subcommands = {AccountCommand.Show.class, AccountCommand.Update.class, AccountCommand.Deactivate.class,
                AccountCommand.Rollover.class},
        footer = {"%nExamples:",
                "  certwright account show --server letsencrypt",
                "  certwright account update --server letsencrypt --email new@example.com",
                "  certwright account rollover --server letsencrypt",
                "  certwright account deactivate --server letsencrypt --yes",
                ExitCodeText.TABLE})
final class AccountCommand {

    private AccountCommand() {
    }

    static Map<String, Object> describe(Registration registration) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("account", registration.url().toString());
        result.put("accountStatus", registration.status().toString());
        result.put("contacts", registration.contacts().stream().map(URI::toString).toList());
        return result;
    }

    static List<String> lines(Registration registration) {
        return List.of("Account " + registration.url(),
                "  status:   " + registration.status(),
                "  contacts: " + (registration.contacts().isEmpty() ? "(none)" : registration.contacts()));
    }

    /** {@code account show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows the account as the CA has it.",
            footer = {"%nExample:%n  certwright account show --server letsencrypt --json", ExitCodeText.TABLE})
    static final class Show extends CaCommand {
        @Override
        int run(Reporter reporter) throws Exception {
            Registration registration = CaContext.open(common).accountSession().fetchRegistration();
            reporter.result(describe(registration), lines(registration));
            return ExitCode.OK;
        }
    }

    /** {@code account update}. */
    @Command(name = "update", mixinStandardHelpOptions = true, description = "Replaces the account's contacts.",
            footer = {"%nExample:%n  certwright account update --server letsencrypt --email ops@example.com",
                    ExitCodeText.TABLE})
    static final class Update extends CaCommand {
        @Option(names = "--email", paramLabel = "ADDRESS", description = "contact e-mail address; repeat for more")
        List<String> emails = new ArrayList<>();

        @Option(names = "--contact", paramLabel = "URI", description = "contact URI; repeat for more")
        List<String> contacts = new ArrayList<>();

        @Override
        int run(Reporter reporter) throws Exception {
            List<URI> all = new ArrayList<>();
            emails.forEach(e -> all.add(URI.create("mailto:" + e)));
            contacts.forEach(c -> all.add(URI.create(c)));
            CaContext ca = CaContext.open(common);
            Registration registration = ca.accountSession().updateContacts(all);
            ca.state.saveAccount(ca.directoryUrl, common.account, registration.url(), registration.contacts());
            reporter.result(describe(registration), lines(registration));
            return ExitCode.OK;
        }
    }

    /** {@code account deactivate}. */
    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivates the account for good: the CA will refuse it from now on.",
            footer = {"%nExample:%n  certwright account deactivate --server letsencrypt --yes", ExitCodeText.TABLE})
    static final class Deactivate extends CaCommand {
        @Option(names = "--yes", required = true, description = "confirms that the account is to be deactivated")
        boolean yes;

        @Override
        int run(Reporter reporter) throws Exception {
            CaContext ca = CaContext.open(common);
            Registration registration = ca.accountSession().deactivateRegistration();
            ca.state.deleteAccount(ca.directoryUrl, common.account);
            reporter.result(describe(registration), lines(registration));
            return ExitCode.OK;
        }
    }

    /** {@code account rollover}. */
    @Command(name = "rollover", mixinStandardHelpOptions = true,
            description = "Replaces the account's key with a new one (RFC 8555 key change).",
            footer = {"%nExample:%n  certwright account rollover --server letsencrypt --key-type EC_P384",
                    ExitCodeText.TABLE})
    static final class Rollover extends CaCommand {
        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "EC_P256",
                description = "the new key's type: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        KeyType keyType;

        @Override
        int run(Reporter reporter) throws Exception {
            CaContext ca = CaContext.open(common);
            Session session = ca.accountSession();
            var key = keyType.generate();
            // The new key is on disk before the CA switches, so no crash can leave an account without its key.
            ca.state.saveNextAccountKey(ca.directoryUrl, common.account, key);
            reporter.progress("changing the account key");
            Registration registration = session.changeAccountKey(AccountKey.of(key));
            ca.state.promoteNextAccountKey(ca.directoryUrl, common.account, key);
            Map<String, Object> result = describe(registration);
            result.put("keyType", keyType.name());
            reporter.result(result, lines(registration));
            return ExitCode.OK;
        }
    }
}
