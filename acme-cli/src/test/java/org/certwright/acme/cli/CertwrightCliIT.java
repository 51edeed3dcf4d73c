package org.certwright.acme.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.crypto.Pem;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged tool, run as users run it ({@code bin/certwright} and the shaded jar, in a
 * process of its own), against Pebble with real http-01 validation.
 */
@Pebble
class CertwrightCliIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("certwright.launcher", "../bin/certwright"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    /** One run's outcome. */
    record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Run certwright(PebbleServer pebble, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        if (pebble != null) {
            command.addAll(List.of("--server", pebble.directoryUrl().toString(),
                    "--trust", pebble.trustAnchorPem().toString(), "--state-dir", dir.resolve("state").toString()));
        }
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("out.txt").toFile())
                    .redirectError(dir.resolve("err.txt").toFile())
                    .start();
            try {
                if (!p.waitFor(100, TimeUnit.SECONDS)) {
                    throw new AssertionError("certwright did not finish: " + command);
                }
            } finally {
                p.destroyForcibly();
            }
            return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
        });
    }

    private String[] issue(PebbleServer pebble, String name, String... more) {
        List<String> args = new ArrayList<>(List.of("issue", "--agree-tos", "--email", "it@example.com",
                "--http-address", "127.0.0.1", "--http-port", Integer.toString(pebble.httpPort()),
                "--out", dir.resolve("live").toString(), name));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String uniqueName(String label) {
        return label + "-" + Long.toString(System.nanoTime(), 36) + ".certwright.test";
    }

    @Test
    void issueWritesThePemFilesAndReportsThemAsJson(PebbleServer pebble) throws Exception {
        String name = uniqueName("issue");

        Run run = certwright(pebble, issue(pebble, name, "--json"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = run.json();
        assertThat(result.path("status").stringValue()).isEqualTo("ok");
        assertThat(result.path("identifiers").get(0).stringValue()).isEqualTo(name);
        Path fullChain = Path.of(result.path("files").path("fullChain").stringValue());
        assertThat(Pem.readCertificates(fullChain)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Pem.readCertificates(Path.of(result.path("files").path("certificate").stringValue()))).hasSize(1);
        Path key = Path.of(result.path("files").path("privateKey").stringValue());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))))
                .isEqualTo("rwx------");
        assertThat(run.err()).as("--json prints no progress").isEmpty();
    }

    @Test
    void renewLeavesACertificateThatIsNotDueAndForceRenewsItReplacingTheOld(PebbleServer pebble) throws Exception {
        String name = uniqueName("renew");
        Run issued = certwright(pebble, issue(pebble, name, "--json"));
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        String serial = issued.json().path("serial").stringValue();
        String[] renewArgs = {"renew", "--json", "--http-address", "127.0.0.1",
                "--http-port", Integer.toString(pebble.httpPort()), "--out", dir.resolve("live").toString(), name};

        Run notDue = certwright(pebble, renewArgs);

        assertThat(notDue.exitCode()).as(notDue.err()).isZero();
        JsonNode first = notDue.json().path("certificates").get(0);
        assertThat(first.path("renewed").booleanValue()).isFalse();
        assertThat(first.path("serial").stringValue()).isEqualTo(serial);

        List<String> forced = new ArrayList<>(List.of(renewArgs));
        forced.add(1, "--force");
        Run renewed = certwright(pebble, forced.toArray(String[]::new));

        assertThat(renewed.exitCode()).as(renewed.err()).isZero();
        JsonNode second = renewed.json().path("certificates").get(0);
        assertThat(second.path("renewed").booleanValue()).isTrue();
        assertThat(second.path("serial").stringValue()).isNotEqualTo(serial);
    }

    @Test
    void theAccountCanBeShownUpdatedRolledOverAndDeactivated(PebbleServer pebble) throws Exception {
        Run registered = certwright(pebble, "register", "--agree-tos", "--email", "one@example.com", "--json");
        assertThat(registered.exitCode()).as(registered.err()).isZero();
        String url = registered.json().path("account").stringValue();

        Run again = certwright(pebble, "register", "--agree-tos", "--json");
        assertThat(again.json().path("account").stringValue()).as("the stored key finds the same account").isEqualTo(url);

        Run updated = certwright(pebble, "account", "update", "--email", "two@example.com", "--json");
        assertThat(updated.exitCode()).as(updated.err()).isZero();
        assertThat(updated.json().path("contacts").get(0).stringValue()).isEqualTo("mailto:two@example.com");

        Run rolled = certwright(pebble, "account", "rollover", "--json");
        assertThat(rolled.exitCode()).as(rolled.err()).isZero();
        Run shown = certwright(pebble, "account", "show", "--json");
        assertThat(shown.exitCode()).as("the new key is the stored one: " + shown.err()).isZero();
        assertThat(shown.json().path("account").stringValue()).isEqualTo(url);

        Run deactivated = certwright(pebble, "account", "deactivate", "--yes", "--json");
        assertThat(deactivated.exitCode()).as(deactivated.err()).isZero();
        assertThat(deactivated.json().path("accountStatus").stringValue()).isEqualToIgnoringCase("deactivated");
        assertThat(certwright(pebble, "account", "show").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void showReadsAFileAndAsksTheCaForTheRenewalWindowAndRevokeRevokes(PebbleServer pebble) throws Exception {
        String name = uniqueName("show");
        Run issued = certwright(pebble, issue(pebble, name, "--json"));
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        String cert = issued.json().path("files").path("certificate").stringValue();

        Run shown = certwright(pebble, "show", cert, "--json");

        assertThat(shown.exitCode()).as(shown.err()).isZero();
        assertThat(shown.json().path("identifiers").get(0).stringValue()).isEqualTo(name);
        assertThat(shown.json().path("renewalWindowStart").stringValue()).isNotBlank();

        Run revoked = certwright(pebble, "revoke", "--name", name, "--reason", "superseded", "--json");
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        Run twice = certwright(pebble, "revoke", "--name", name, "--json");
        assertThat(twice.exitCode()).as("alreadyRevoked is the CA's refusal").isEqualTo(ExitCode.CA_PROBLEM);
        assertThat(twice.json().path("error").path("type").stringValue()).isEqualTo("AlreadyRevokedException");
    }

    @Test
    void aCertificateFileIsRevokedWithItsOwnKey(PebbleServer pebble) throws Exception {
        String name = uniqueName("revoke");
        Run issued = certwright(pebble, issue(pebble, name, "--json"));
        assertThat(issued.exitCode()).as(issued.err()).isZero();
        JsonNode files = issued.json().path("files");

        Run revoked = certwright(pebble, "revoke", "--cert", files.path("certificate").stringValue(),
                "--key", files.path("privateKey").stringValue(), "--reason", "key_compromise", "--json");

        assertThat(revoked.exitCode()).as(revoked.out() + revoked.err()).isZero();
        assertThat(revoked.json().path("reason").stringValue()).isEqualTo("KEY_COMPROMISE");
        assertThat(revoked.json().path("identifiers").get(0).stringValue()).isEqualTo(name);
    }

    @Test
    void aFailedValidationExitsWithItsCodeAndTheCaDetail(PebbleServer pebble) throws Exception {
        // Nothing answers on Pebble's validation port: the responder listens elsewhere.
        String name = uniqueName("fail");
        List<String> args = new ArrayList<>(List.of(issue(pebble, name, "--json")));
        int elsewhere;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            elsewhere = free.getLocalPort();
        }
        args.set(args.indexOf(Integer.toString(pebble.httpPort())), Integer.toString(elsewhere));

        Run run = certwright(pebble, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.VALIDATION_FAILED);
        assertThat(run.json().path("error").path("failures").get(0).stringValue()).contains(name);
    }

    @Test
    void anUntrustedCaExitsWithTheNetworkCodeAndNamesTrust(PebbleServer pebble) throws Exception {
        Run run = certwright(null, "register", "--agree-tos", "--server", pebble.directoryUrl().toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.NETWORK);
        assertThat(run.err()).contains("--trust").contains("not trusted");
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        Run run = certwright(null, "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("certwright " + System.getProperty("certwright.version", ""));
        assertThat(run.out()).doesNotContain("${");
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
