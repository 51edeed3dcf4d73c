package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class BindServerTest {

    @Test
    void configurationServesOneUpdatableZoneOnLoopbackWithoutRecursion(@TempDir Path dir) {
        String conf = BindServer.namedConf(dir, "certwright.test", 40053, "c2VjcmV0");

        assertThat(conf)
                .contains("listen-on port 40053 { 127.0.0.1; };")
                .contains("listen-on-v6 { none; };")
                .contains("recursion no;")
                .contains("querylog yes;")
                .contains("directory \"" + dir.toAbsolutePath() + "\";")
                .contains("session-keyfile \"" + dir.toAbsolutePath() + "/session.key\";")
                .contains("zone \"certwright.test\" {")
                .contains("type primary;")
                .contains("allow-update { key \"certwright-update\"; };")
                .contains("algorithm hmac-sha256;")
                .contains("secret \"c2VjcmV0\";")
                .contains("controls { };");
    }

    @Test
    void zoneHasAWildcardAtLoopbackAndTheTestsRecords() {
        String zone = BindServer.zoneFile("certwright.test", List.of("_acme-challenge.a CNAME _acme-challenge.b"));

        assertThat(zone.lines())
                .startsWith("$ORIGIN certwright.test.", "$TTL 60")
                .contains("@ IN NS ns", "ns IN A 127.0.0.1", "* IN A 127.0.0.1")
                .endsWith("_acme-challenge.a CNAME _acme-challenge.b");
        assertThat(zone).contains("IN SOA ns.certwright.test. hostmaster.certwright.test.");
    }

    @Test
    void rejectsWhatIsNotAZoneName() {
        assertThatThrownBy(() -> BindServer.start("not a zone")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BindServer.start("\"; include \"/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void missingNamedSkipsOutsideCiAndFailsUnderCi() {
        assertThatThrownBy(() -> BindServer.requireNamed(Optional.empty(), () -> "no named here", null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no named here");
        assertThatThrownBy(() -> BindServer.requireNamed(Optional.empty(), () -> "no named here", ""))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> BindServer.requireNamed(Optional.empty(), () -> "no named here", "true"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no named here")
                .hasMessageContaining("CI");
        assertThat(BindServer.requireNamed(Optional.of(Path.of("/x/named")), () -> "unused", "true"))
                .isEqualTo(Path.of("/x/named"));
    }

    @Test
    void propertyIsTheOnlyPlaceLookedInWhenSet(@TempDir Path dir) throws Exception {
        String previous = System.getProperty(BindServer.NAMED_PROPERTY);
        try {
            System.setProperty(BindServer.NAMED_PROPERTY, dir.resolve("missing/named").toString());
            assertThat(BindServer.findNamed()).isEmpty();
            assertThat(BindServer.missingMessage()).contains(dir.resolve("missing/named").toString(), "bind9");

            Path fake = Files.createFile(dir.resolve("named"));
            fake.toFile().setExecutable(true);
            System.setProperty(BindServer.NAMED_PROPERTY, fake.toString());
            assertThat(BindServer.findNamed()).contains(fake);
        } finally {
            if (previous == null) {
                System.clearProperty(BindServer.NAMED_PROPERTY);
            } else {
                System.setProperty(BindServer.NAMED_PROPERTY, previous);
            }
        }
    }
}
