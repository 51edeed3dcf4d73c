package org.certwright.acme.examples;

import java.util.ArrayList;
import java.util.List;
import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import picocli.CommandLine;

/**
 * Runs {@link IssuanceBenchmark} against a local Pebble started for measuring: no random
 * validation sleeps ({@code PEBBLE_VA_NOSLEEP=1}), no nonce rejection and no authorization reuse,
 * so every certificate costs the full protocol.
 *
 * <p>Arguments are passed to {@link IssuanceBenchmark} ({@code --count}, {@code --concurrency},
 * {@code --names}, ...); the directory, trust anchor and http-01 port are filled in.
 */
public final class PebbleBenchmark {

    private PebbleBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args arguments for {@link IssuanceBenchmark}
     */
    public static void main(String[] args) {
        PebbleConfig config = new PebbleConfig(false, 0, 0, 0, 0, 0, 0, 0, false, false);
        int exit;
        try (PebbleServer pebble = PebbleServer.launch(config)) {
            System.err.println("Pebble " + pebble.version() + " at " + pebble.directoryUrl());
            List<String> all = new ArrayList<>(List.of(
                    "--directory", pebble.directoryUrl().toString(),
                    "--trust", pebble.trustAnchorPem().toString(),
                    "--http-port", Integer.toString(pebble.httpPort())));
            all.addAll(List.of(args));
            exit = new CommandLine(new IssuanceBenchmark()).execute(all.toArray(String[]::new));
        }
        System.exit(exit);
    }
}
