package org.certwright.acme.examples;

import org.certwright.testkit.PebbleConfig;
import org.certwright.testkit.PebbleServer;
import picocli.CommandLine;

/**
 * The README's first command: starts a local Pebble CA (with pebble-challtestsrv resolving every
 * name to 127.0.0.1), obtains a certificate from it with {@link ObtainCertificate} and real
 * http-01 validation, and stops Pebble again.
 */
public final class LocalPebbleDemo {

    private LocalPebbleDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the domain (default {@code demo.certwright.test}) and the output
     *             directory (default {@code target/demo})
     */
    public static void main(String[] args) {
        String domain = args.length > 0 ? args[0] : "demo.certwright.test";
        String out = args.length > 1 ? args[1] : "target/demo";
        int exit;
        try (PebbleServer pebble = PebbleServer.launch(PebbleConfig.defaults())) {
            System.out.println("Started Pebble " + pebble.version() + " at " + pebble.directoryUrl());
            exit = new CommandLine(new ObtainCertificate()).execute(
                    "--directory", pebble.directoryUrl().toString(),
                    "--trust", pebble.trustAnchorPem().toString(),
                    "--domain", domain,
                    "--email", "demo@certwright.test",
                    "--agree-tos",
                    "--http-address", "127.0.0.1",
                    "--http-port", Integer.toString(pebble.httpPort()),
                    "--out", out);
        }
        System.exit(exit);
    }
}
