package org.certwright.acme.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certwright.acme.CaPreset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Parsing, usage errors and help texts, without a CA. */
class CommandLineTest {

    @TempDir
    Path dir;

    /** Runs the tool in this JVM with its standard streams captured. */
    private record Result(int exitCode, String out, String err) {
    }

    private Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Certwright.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void versionPrintsTheFilteredProjectVersion() {
        Result r = run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("certwright ").doesNotContain("${").contains(Version.get());
        assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void anUnknownOptionOrMissingNameIsAUsageError() {
        assertThat(run("issue", "--no-such-option", "example.com").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("issue").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("no-such-command").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("revoke", "--name", "a", "--cert", "b.pem").exitCode()).as("exclusive").isEqualTo(ExitCode.USAGE);
        assertThat(run("account", "deactivate").exitCode()).as("--yes is required").isEqualTo(ExitCode.USAGE);
    }

    @Test
    void anUnknownServerIsAUsageErrorListingThePresets() {
        Result r = run("register", "--server", "lets-encrypt", "--state-dir", dir.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("lets-encrypt").contains(CaPreset.shortNames());
    }

    @Test
    void issuingWithoutAnAccountSaysHowToCreateOne() {
        Result r = run("issue", "--server", "https://127.0.0.1:1/dir", "--state-dir", dir.toString(), "example.com");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("certwright register").contains("--agree-tos");
    }

    @Test
    void aUsageErrorIsJsonWithJson() {
        Result r = run("issue", "--json", "--server", "https://127.0.0.1:1/dir", "--state-dir", dir.toString(), "a.test");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).startsWith("{\"status\":\"error\",\"exitCode\":2,");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void anUnreachableCaIsTheNetworkCode() {
        Result r = run("register", "--agree-tos", "--server", "https://127.0.0.1:1/dir", "--state-dir", dir.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.NETWORK);
        assertThat(r.err()).contains("connection refused");
    }

    @Test
    void plainHttpToLoopbackNamesTheOption() {
        Result r = run("register", "--server", "http://127.0.0.1:1/dir", "--state-dir", dir.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCode.CA_PROBLEM);
        assertThat(r.err()).contains("--allow-insecure-http");

        Result allowed = run("register", "--allow-insecure-http", "--server", "http://127.0.0.1:1/dir",
                "--state-dir", dir.toString());
        assertThat(allowed.exitCode()).as("allowed, then refused by the closed port").isEqualTo(ExitCode.NETWORK);
    }

    @Test
    void everyCommandsHelpHasExamplesAndTheExitCodes() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Certwright.commandLine(), commands);

        assertThat(commands).extracting(CommandLine::getCommandName)
                .contains("register", "issue", "renew", "revoke", "account", "show", "update", "deactivate", "rollover");
        for (CommandLine c : commands) {
            StringWriter help = new StringWriter();
            c.usage(new PrintWriter(help));
            assertThat(help.toString()).as(c.getCommandName()).containsPattern("Examples?:").contains("Exit codes");
        }
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        if (c.getCommandSpec().usageMessage().hidden() || c.getCommand() instanceof CommandLine.HelpCommand) {
            return;
        }
        into.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, into));
    }

    @Test
    void serverPortsParse() {
        assertThat(ChallengeOptions.hostAndPort("ns1.example.com", 53, "--x").getPort()).isEqualTo(53);
        assertThat(ChallengeOptions.hostAndPort("ns1.example.com:5353", 53, "--x").getPort()).isEqualTo(5353);
        assertThat(ChallengeOptions.hostAndPort("[::1]:5353", 53, "--x").getHostString()).isEqualTo("::1");
        assertThatThrownBy(() -> ChallengeOptions.hostAndPort("ns1:x", 53, "--dns-rfc2136"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dns-rfc2136");
    }

    @Test
    void anUnknownDnsProviderIsAUsageErrorListingTheAvailableOnes() {
        Result r = run("issue", "--dns", "nosuchdns", "--server", "https://127.0.0.1:1/dir",
                "--state-dir", dir.toString(), "--agree-tos", "example.com");

        // Checked before anything is sent (the CA here is unreachable).
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no DNS provider named 'nosuchdns'")
                .contains("available: ").contains("cloudflare").contains("powerdns").contains("exec");
    }

    @Test
    void aDnsProviderWithAMissingOptionIsAUsageErrorNamingIt() {
        Result r = run("issue", "--dns", "powerdns", "--server", "https://127.0.0.1:1/dir",
                "--state-dir", dir.toString(), "--agree-tos", "example.com");

        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).containsIgnoringCase("powerdns").contains("api-url");
    }

    @Test
    void progressIsOneRewrittenLineOnATerminalAndPlainLinesOtherwise() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Reporter terminal = new Reporter(new PrintStream(out), new PrintStream(err), false, false, true);
        terminal.progress("ordering");
        terminal.progress("finalizing");
        terminal.result(Map.of(), List.of("done"));
        assertThat(err.toString()).isEqualTo("\r\u001b[Kordering\r\u001b[Kfinalizing\r\u001b[K");
        assertThat(out.toString()).isEqualTo("done" + System.lineSeparator());

        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Reporter pipe = new Reporter(new PrintStream(new ByteArrayOutputStream()), new PrintStream(plain), false, false, false);
        pipe.progress("ordering");
        assertThat(plain.toString()).isEqualTo("ordering" + System.lineSeparator());

        ByteArrayOutputStream quietOut = new ByteArrayOutputStream();
        ByteArrayOutputStream quietErr = new ByteArrayOutputStream();
        Reporter quiet = new Reporter(new PrintStream(quietOut), new PrintStream(quietErr), false, true, true);
        quiet.progress("ordering");
        quiet.result(Map.of(), List.of("done"));
        assertThat(quietOut.toString() + quietErr.toString()).isEmpty();
        quiet.error(new IllegalArgumentException("bad value"), 2);
        assertThat(quietErr.toString()).contains("bad value");
    }
}
