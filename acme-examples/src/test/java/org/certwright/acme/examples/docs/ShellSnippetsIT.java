package org.certwright.acme.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every shell block of the documentation marked {@code <!-- snippet run -->}, as written,
 * with bash from the checkout's root, against a local Pebble the snippet may start with
 * {@code scripts/pebble.sh} (on free ports, with private state: the variables are set for it).
 * A block that fails is reported with its page and line and its output.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ShellSnippetsIT {

    private static final Path PROJECT = DocumentationSnippetsTest.PROJECT;

    @TempDir
    Path temp;

    private Map<String, String> environment;

    @Test
    void everyRunnableShellSnippetOfTheDocumentationSucceeds() throws Exception {
        Path pebble = Path.of(System.getProperty("certwright.pebble.dir", PROJECT.resolve("target/pebble").toString()));
        boolean installed = Files.isExecutable(pebble.resolve("usr/bin/pebble"));
        if (System.getenv("CI") != null) {
            assertThat(installed).as("Pebble in " + pebble + " (CI is set)").isTrue();
        }
        assumeTrue(installed, "Pebble is not installed in " + pebble);
        List<Integer> ports = freePorts(6);
        environment = Map.of(
                "CERTWRIGHT_PEBBLE_HOME", temp.resolve("pebble").toString(),
                "CERTWRIGHT_PEBBLE_DIR", pebble.toString(),
                "CERTWRIGHT_PEBBLE_ACME_PORT", ports.get(0).toString(),
                "CERTWRIGHT_PEBBLE_MGMT_PORT", ports.get(1).toString(),
                "CERTWRIGHT_PEBBLE_HTTP_PORT", ports.get(2).toString(),
                "CERTWRIGHT_PEBBLE_TLS_PORT", ports.get(3).toString(),
                "CERTWRIGHT_PEBBLE_DNS_PORT", ports.get(4).toString(),
                "CERTWRIGHT_CHALLTESTSRV_PORT", ports.get(5).toString());

        List<Snippet> runnable = new ArrayList<>();
        for (Snippet snippet : DocumentationSnippetsTest.snippets(DocumentationSnippetsTest.pages(PROJECT))) {
            if (snippet.attribute("run").isPresent() && List.of("sh", "bash", "shell").contains(snippet.language())) {
                runnable.add(snippet);
            }
        }
        assertThat(runnable).as("runnable shell snippets").isNotEmpty();
        List<String> failures = new ArrayList<>();
        for (Snippet snippet : runnable) {
            String[] result = run(snippet.code());
            if (!result[0].equals("0")) {
                failures.add(snippet.location(PROJECT) + ": exit " + result[0] + "\n" + result[1]);
            }
        }
        assertThat(failures).as("shell snippets that failed (page:line)").isEmpty();
    }

    @AfterEach
    void stopPebble() throws Exception {
        if (environment != null) {
            run("scripts/pebble.sh stop");
        }
    }

    /** Exit status and output of bash running the code; killed after two minutes. */
    private String[] run(String code) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "snippet", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-e", "-o", "pipefail", "-c", code)
                .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("PEBBLE_") || key.startsWith("CERTWRIGHT_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                return new String[] {"(timed out after 2 minutes)", Files.readString(log, StandardCharsets.UTF_8)};
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new String[] {Integer.toString(process.exitValue()), Files.readString(log, StandardCharsets.UTF_8)};
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
}
