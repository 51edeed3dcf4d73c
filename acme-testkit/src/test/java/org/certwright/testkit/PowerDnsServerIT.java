package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real pdns_server of the test's own: its zones answer over DNS, and close() leaves nothing behind. */
class PowerDnsServerIT {

    @Test
    void servesItsZonesOverDnsAndCleansUp() {
        Path directory = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (PowerDnsServer pdns = PowerDnsServer.start("certwright.test")) {
                assertThat(DnsProbe.resolves(pdns.address().getPort(), "anything.certwright.test", Duration.ofSeconds(2)))
                        .as("the wildcard A record").isTrue();
                pdns.createZone("sub.certwright.test");
                assertThat(DnsProbe.resolves(pdns.address().getPort(), "x.sub.certwright.test", Duration.ofSeconds(2)))
                        .isTrue();
                assertThat(pdns.txt("certwright.test", "_acme-challenge.certwright.test")).isEmpty();
                assertThat(pdns.toString()).doesNotContain(pdns.apiKey());
                return pdns.directory();
            }
        });
        assertThat(Files.exists(directory)).as("the private directory is deleted").isFalse();
    }
}
