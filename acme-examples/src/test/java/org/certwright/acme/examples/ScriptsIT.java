package org.certwright.acme.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.NewRegistration;
import org.certwright.acme.Session;
import org.certwright.acme.challenges.EmbeddedHttpResponder;
import org.certwright.acme.crypto.KeyType;
import org.certwright.acme.issuance.CertificateIssuer;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user-facing scripts, run as a user runs them: {@code scripts/pebble.sh} gives a CA the library
 * gets a certificate from, {@code scripts/demo.sh} checks its arguments first and writes where the
 * caller asked.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScriptsIT {

    private static final Path PROJECT = Path.of(System.getProperty("certwright.project.dir", "../"))
            .toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void pebbleScriptStartsALocalCaTheLibraryGetsACertificateFromAndStopsIt() throws Exception {
        requirePebble();
        Map<String, String> env = new HashMap<>();
        env.put("CERTWRIGHT_PEBBLE_HOME", temp.resolve("state").toString());
        List<Integer> ports = freePorts(6);
        env.put("CERTWRIGHT_PEBBLE_ACME_PORT", ports.get(0).toString());
        env.put("CERTWRIGHT_PEBBLE_MGMT_PORT", ports.get(1).toString());
        env.put("CERTWRIGHT_PEBBLE_HTTP_PORT", ports.get(2).toString());
        env.put("CERTWRIGHT_PEBBLE_TLS_PORT", ports.get(3).toString());
        env.put("CERTWRIGHT_PEBBLE_DNS_PORT", ports.get(4).toString());
        env.put("CERTWRIGHT_CHALLTESTSRV_PORT", ports.get(5).toString());
        env.put("CERTWRIGHT_PEBBLE_DIR", pebbleDir().toString());
        try {
            Result started = run(PROJECT, env, "bash", "scripts/pebble.sh", "start");
            assertThat(started.exit()).as(started.output()).isZero();
            Map<String, String> exported = exports(run(PROJECT, env, "bash", "scripts/pebble.sh", "env").output());
            URI directory = URI.create(exported.get("CERTWRIGHT_PEBBLE_DIRECTORY"));
            Path trust = Path.of(exported.get("CERTWRIGHT_PEBBLE_TRUST"));
            assertThat(started.output()).contains(directory.toString(), trust.toString());
            assertThat(Files.getPosixFilePermissions(temp.resolve("state")).toString())
                    .as("state is private").doesNotContain("GROUP", "OTHERS");

            Session session = Session.builder(directory, KeyType.EC_P256.generate())
                    .trustedCertificates(trust).build();
            session.register(NewRegistration.builder().agreeToTermsOfService().build());
            // 127.0.0.1 only: the script's DNS must not answer AAAA, or Pebble would dial ::1.
            try (EmbeddedHttpResponder http = new EmbeddedHttpResponder(InetAddress.getByName("127.0.0.1"),
                    Integer.parseInt(exported.get("CERTWRIGHT_PEBBLE_HTTP_PORT")))) {
                IssuedCertificate issued = new CertificateIssuer(session).issue(IssuanceRequest.builder()
                        .dns("script.certwright.test").responders(http).build());
                assertThat(Certificate.namedIdentifiers(issued.certificate().leaf()))
                        .containsExactly(Identifier.dns("script.certwright.test"));
            }
        } finally {
            Result stopped = run(PROJECT, env, "bash", "scripts/pebble.sh", "stop");
            assertThat(stopped.exit()).as(stopped.output()).isZero();
        }
        assertThat(run(PROJECT, env, "bash", "scripts/pebble.sh", "status").exit()).as("stopped").isEqualTo(1);
    }

    @Test
    void pebbleScriptRejectsAnUnknownCommand() throws Exception {
        Result result = run(PROJECT, Map.of(), "bash", "scripts/pebble.sh", "restart");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.output()).contains("unknown command: restart", "start|stop|status|env");
    }

    @Test
    void demoHelpAnswersBeforeBuildingOrStartingAnything() throws Exception {
        Result result = run(temp, Map.of(), "bash", PROJECT.resolve("scripts/demo.sh").toString(), "--help");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("scripts/demo.sh [domain] [output directory]")
                .doesNotContain("Started Pebble", "installing");
    }

    @Test
    void demoWritesARelativeOutputDirectoryWhereTheCallerRanIt() throws Exception {
        requirePebble();
        assumeTrue(Files.exists(PROJECT.resolve("acme-examples/target/classpath.txt")), "acme-examples is packaged");
        Result result = run(temp, Map.of("CERTWRIGHT_SKIP_BUILD", "1"),
                "bash", PROJECT.resolve("scripts/demo.sh").toString(), "demo.certwright.test", "out");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(temp.resolve("out/demo.certwright.test/fullchain.pem")).exists();
        assertThat(PROJECT.resolve("out")).doesNotExist();
    }

    private static Path pebbleDir() {
        return Path.of(System.getProperty("certwright.pebble.dir", PROJECT.resolve("target/pebble").toString()));
    }

    /** Skips without Pebble, except under CI, where a missing Pebble fails the test. */
    private static void requirePebble() {
        boolean installed = Files.isExecutable(pebbleDir().resolve("usr/bin/pebble"));
        if (System.getenv("CI") != null) {
            assertThat(installed).as("Pebble in " + pebbleDir() + " (CI is set)").isTrue();
        }
        assumeTrue(installed, "Pebble is not installed in " + pebbleDir());
    }

    private static Map<String, String> exports(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("export ")) {
                String[] pair = line.substring("export ".length()).split("=", 2);
                values.put(pair[0], pair[1].replaceAll("^'|'$", ""));
            }
        }
        return values;
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with stdout and stderr together; kills it when it outlives two minutes. */
    private static Result run(Path dir, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("script", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("PEBBLE_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            try {
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    throw new AssertionError("still running after 2 minutes: " + String.join(" ", command)
                            + "\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
