package org.certwright.acme.dns.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProviderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecDnsProviderTest {

    private static final DnsRecord RECORD = new DnsRecord("_acme-challenge.www.example.test", "dGhlIHZhbHVl", false);

    @TempDir
    Path dir;

    @Test
    void theCommandGetsLegosArguments() throws Exception {
        Path args = dir.resolve("args");
        Path script = script("printf '%s|' \"$@\" >> '" + args + "'");

        ExecDnsProvider provider = ExecDnsProvider.builder(List.of(script.toString(), "--zone-file", "x")).build();
        provider.publish(RECORD);
        provider.remove(RECORD);

        assertThat(Files.readString(args)).isEqualTo(
                "--zone-file|x|present|_acme-challenge.www.example.test.|dGhlIHZhbHVl|"
                        + "--zone-file|x|cleanup|_acme-challenge.www.example.test.|dGhlIHZhbHVl|");
    }

    @Test
    void aFailingCommandsExitStatusAndOutputAreInTheError() throws Exception {
        Path script = script("echo 'looking up zone'", "echo 'zone example.test not found' >&2", "exit 4");

        assertThatThrownBy(() -> ExecDnsProvider.builder(List.of(script.toString())).build().publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("present _acme-challenge.www.example.test. failed with exit status 4")
                .hasMessageContaining("its output:")
                .hasMessageContaining("looking up zone")
                .hasMessageContaining("zone example.test not found");
    }

    @Test
    void aHangingCommandAndItsChildrenAreKilledAtTheDeadline() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = script("sleep 300 & echo $! > '" + pids + "'", "wait");
        ExecDnsProvider provider = ExecDnsProvider.builder(List.of(script.toString())).timeout(Duration.ofSeconds(1)).build();

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> provider.publish(RECORD))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("did not end within 1 s and was killed"));

        long child = Long.parseLong(Files.readString(pids).strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(child);
        if (handle.isPresent()) {
            // Killed, but its new parent may take a moment to reap it.
            handle.get().onExit().get(10, TimeUnit.SECONDS);
        }
        assertThat(handle.map(ProcessHandle::isAlive).orElse(false)).as("the command's child process").isFalse();
    }

    @Test
    void theEnvironmentIsNotShown() {
        ExecDnsProvider provider = ExecDnsProvider.builder(List.of("/bin/true"))
                .environment(Map.of("DNS_TOKEN", "s3cr3t")).build();

        assertThat(provider.toString()).contains("DNS_TOKEN").doesNotContain("s3cr3t");
    }

    @Test
    void theFactoryMakesItFromTheCommandOption() {
        DnsProviderFactory factory = DnsProviderFactory.named("exec");

        assertThat(factory.create(Map.of("command", "/bin/true", "timeout", "5")).toString())
                .isEqualTo("ExecDnsProvider[command=[/bin/true], environment=[], timeout=5s]");
        assertThatThrownBy(() -> factory.create(Map.of()))
                .hasMessage("exec: option 'command' is required");
    }

    private Path script(String... lines) throws IOException {
        Path script = Files.createTempFile(dir, "cmd", ".sh");
        Files.writeString(script, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
