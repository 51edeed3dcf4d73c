package org.certwright.acme.cli;

import org.certwright.acme.CaPreset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code certwright} command: obtains, renews, revokes and shows certificates from any ACME
 * CA. Run {@code certwright --help} for the commands and {@code certwright COMMAND --help} for
 * each one's options and examples.
 *
 * @since 0.2.0
 */
@Command(name = "certwright", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Obtains and renews TLS certificates from ACME certificate authorities.",
        subcommands = {RegisterCommand.class, IssueCommand.class, RenewCommand.class, RevokeCommand.class,
                AccountCommand.class, ShowCommand.class, TrainClassDataCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"%nExamples:",
                "  certwright register --server letsencrypt-staging --agree-tos --email you@example.com",
                "  certwright issue --server letsencrypt-staging example.com www.example.com",
                "  certwright renew --server letsencrypt-staging",
                "  certwright show ~/.certwright/live/example.com/cert.pem",
                "%nA local CA for trying it: certwright issue --server pebble --trust pebble.minica.pem ...",
                ExitCodeText.TABLE})
public final class Certwright {

    private Certwright() {
    }

    /**
     * Runs the tool and exits with its {@linkplain ExitCode exit code}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the tool without exiting, for tests and embedding.
     *
     * @param args the command line
     * @return the {@linkplain ExitCode exit code}
     */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line parser, with the tool's settings. */
    static CommandLine commandLine() {
        // Help texts name the presets through this property, so the list has one source.
        System.setProperty("certwright.presets", CaPreset.shortNames());
        return new CommandLine(Certwright.class).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
