package org.certwright.acme.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.CaPreset;
import picocli.CommandLine.Option;

/** The options every command that talks to a CA or the state directory shares. */
final class CommonOptions {

    @Option(names = {"-s", "--server"}, paramLabel = "CA", defaultValue = "${env:CERTWRIGHT_SERVER:-letsencrypt}",
            description = "the CA: a directory URL or one of ${sys:certwright.presets} (default: ${DEFAULT-VALUE},"
                    + " or $CERTWRIGHT_SERVER)")
    String server;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "PEM file with the root(s) the CA's HTTPS certificate must chain to (default: the JDK's),"
                    + " for a private CA such as Pebble")
    Path trust;

    @Option(names = "--allow-insecure-http",
            description = "allow a plain http:// directory URL to a loopback address (a CA on this machine)")
    boolean allowInsecureHttp;

    @Option(names = "--state-dir", paramLabel = "DIR",
            defaultValue = "${env:CERTWRIGHT_STATE_DIR:-${sys:user.home}/.certwright}",
            description = "where accounts and certificates are kept, owner-only (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--account", paramLabel = "NAME", defaultValue = "default",
            description = "which of your accounts at this CA to use (default: ${DEFAULT-VALUE})")
    String account;

    @Option(names = "--json", description = "print the result (or the error) as one JSON object on standard output")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "PT30S",
            description = "how long one HTTP request may take, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration requestTimeout;

    /** The directory URL. */
    URI directoryUrl() {
        return CaPreset.resolve(server);
    }

    /** A client for the CA with these options. */
    AcmeClient client() throws IOException {
        AcmeClient.Builder b = AcmeClient.builder(directoryUrl())
                .userAgent("certwright-cli/" + Version.get())
                .requestTimeout(requestTimeout);
        if (trust != null) {
            b.trustedCertificates(trust);
        }
        if (allowInsecureHttp) {
            b.allowInsecureHttpOnLoopback();
        }
        return b.build();
    }

    /** The reporter for these options. */
    Reporter reporter() {
        return Reporter.forProcess(json, quiet);
    }
}
