package org.certwright.acme.dns.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract with a real shell script as the user's command: it keeps a "zone" as files
 * ({@code <dir>/<fqdn>/<value>}) and refuses to run without the right token in its environment.
 * Rate limits and nested zones are the script's business, so those tests are skipped.
 */
class ExecDnsProviderContractTest extends DnsProviderContract {

    static final String TOKEN = "exec-t0ken-secret";

    @TempDir
    static Path dir;
    private static Path script;

    @BeforeAll
    static void writeScript() throws IOException {
        script = dir.resolve("dns.sh");
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "set -eu",
                "if [ \"${DNS_TOKEN:-}\" != '" + TOKEN + "' ]; then echo 'invalid token' >&2; exit 3; fi",
                "action=$1; fqdn=$2; value=$3",
                "records='" + dir.resolve("zone") + "'/\"$fqdn\"",
                "case \"$action\" in",
                "  present) mkdir -p \"$records\"; : > \"$records/$value\" ;;",
                "  cleanup) rm -f \"$records/$value\" ;;",
                "  *) echo \"unknown action $action\" >&2; exit 2 ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    protected DnsProvider provider() {
        return ExecDnsProvider.builder(List.of(script.toString())).environment(Map.of("DNS_TOKEN", TOKEN)).build();
    }

    @Override
    protected String zone() {
        return "example.test";
    }

    @Override
    protected Set<String> readTxt(String zone, String name) throws IOException {
        Path records = dir.resolve("zone").resolve(name + ".");
        if (!Files.isDirectory(records)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(records)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(ExecDnsProvider.builder(List.of(script.toString()))
                .environment(Map.of("DNS_TOKEN", "wrong-" + TOKEN)).build());
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(TOKEN);
    }
}
