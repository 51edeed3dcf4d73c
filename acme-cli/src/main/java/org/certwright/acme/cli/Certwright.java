package org.certwright.acme.cli;

import java.util.LinkedHashMap;
import java.util.Map;
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
        return commandLine(args.length == 0 ? "" : args[0]).execute(args);
    }

    /** The command line parser with every command, for help texts. */
    static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line parser. When the first argument names a command, only that command is
     * built: picocli reflects over every option of every command it is given, which was a
     * tenth of a short command's start-up.
     */
    static CommandLine commandLine(String first) {
        // Help texts name the presets through this property, so the list has one source.
        System.setProperty("certwright.presets", CaPreset.shortNames());
        CommandLine cli = new CommandLine(Certwright.class);
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        commands.put("register", RegisterCommand.class);
        commands.put("issue", IssueCommand.class);
        commands.put("renew", RenewCommand.class);
        commands.put("revoke", RevokeCommand.class);
        commands.put("account", AccountCommand.class);
        commands.put("show", ShowCommand.class);
        commands.put("train-class-data", TrainClassDataCommand.class);
        if (commands.containsKey(first)) {
            cli.addSubcommand(first, commands.get(first));
        } else {
            commands.forEach(cli::addSubcommand);
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        // Set after the commands are added: picocli applies it only to those present.
        return cli.setCaseInsensitiveEnumValuesAllowed(true);
    }
}
