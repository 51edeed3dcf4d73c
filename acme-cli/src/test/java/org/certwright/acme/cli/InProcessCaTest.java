package org.certwright.acme.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The commands against the in-process {@link TrainingCa}: fast, and with certificates Pebble would not issue. */
class InProcessCaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Result run(TrainingCa ca, String... args) throws Exception {
        String[] all = Stream.concat(Stream.of(args), Stream.of("--server", ca.directoryUrl().toString(),
                "--trust", dir.resolve("ca.pem").toString(), "--state-dir", dir.resolve("state").toString()))
                .toArray(String[]::new);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> Certwright.run(all));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Result issue(TrainingCa ca) throws Exception {
        ca.writeTrust(dir.resolve("ca.pem"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        return run(ca, "issue", "--agree-tos", "--json", "--http-address", "127.0.0.1", "--http-port",
                Integer.toString(port), TrainingCa.NAME);
    }

    @Test
    void renewAsksTheCaAndLeavesACertificateOutsideItsWindow() throws Exception {
        try (TrainingCa ca = new TrainingCa(true)) {
            Result issued = issue(ca);
            assertThat(issued.exitCode()).as(issued.err()).isZero();

            Result renew = run(ca, "renew", "--json");

            assertThat(renew.exitCode()).as(renew.out() + renew.err()).isZero();
            JsonNode first = renew.json().path("certificates").get(0);
            assertThat(first.path("renewed").booleanValue()).isFalse();
            assertThat(first.path("reason").stringValue()).isEqualTo("ARI_WINDOW");
        }
    }

    @Test
    void renewFallsBackToTheLifetimeForACertificateWithoutAuthorityKeyIdentifier() throws Exception {
        try (TrainingCa ca = new TrainingCa(false)) {
            Result issued = issue(ca);
            assertThat(issued.exitCode()).as(issued.err()).isZero();

            Result renew = run(ca, "renew", "--json");

            assertThat(renew.exitCode()).as(renew.out() + renew.err()).isZero();
            JsonNode first = renew.json().path("certificates").get(0);
            assertThat(first.path("renewed").booleanValue()).isFalse();
            assertThat(first.path("reason").stringValue()).isEqualTo("LIFETIME_RATIO");
        }
    }
}
