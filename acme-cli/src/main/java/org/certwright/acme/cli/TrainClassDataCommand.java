package org.certwright.acme.cli;

import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The build's class-data-sharing training run: runs {@code register}, {@code issue},
 * {@code renew} and {@code show} against a {@link TrainingCa} in this JVM, so that the archive
 * written at exit holds the classes a real {@code issue} loads. Hidden: it is for the build.
 */
@Command(name = "train-class-data", hidden = true, description = "Loads the classes a command needs (build step).")
final class TrainClassDataCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("certwright-training");
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (TrainingCa ca = new TrainingCa()) {
            Path trust = dir.resolve("ca.pem");
            ca.writeTrust(trust);
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String[] common = {"--server", ca.directoryUrl().toString(), "--trust", trust.toString(),
                    "--state-dir", dir.resolve("state").toString()};
            // Kept, to explain a failed training run.
            java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
            PrintStream captured = new PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8);
            System.setOut(captured);
            System.setErr(captured);
            int[] codes = {
                Certwright.run(concat(new String[] {"register", "--agree-tos"}, common)),
                Certwright.run(concat(new String[] {"issue", "--http-address", "127.0.0.1", "--http-port",
                        Integer.toString(port), TrainingCa.NAME}, common)),
                Certwright.run(concat(new String[] {"renew", "--json"}, common)),
                Certwright.run(concat(new String[] {"show", dir.resolve("state/live/" + TrainingCa.NAME + "/cert.pem")
                        .toString()}, common)),
            };
            for (int code : codes) {
                if (code != ExitCode.OK) {
                    throw new IllegalStateException("a training command failed with exit code " + code + ":\n"
                            + log.toString(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return ExitCode.OK;
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
