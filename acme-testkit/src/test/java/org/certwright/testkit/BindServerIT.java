package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real named: it answers for its zone, refuses the rest, and leaves nothing behind. */
class BindServerIT {

    private static BindServer bind;

    @BeforeAll
    static void start() {
        bind = BindServer.start("bind-it.test", "txt IN TXT \"from the zone file\"");
    }

    @AfterAll
    static void stop() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void everyNameOfTheZoneResolvesToLoopback() throws Exception {
        assertThat(bind.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(bind.zone()).isEqualTo("bind-it.test");

        for (String name : new String[] {"bind-it.test", "ns.bind-it.test", "anything.bind-it.test", "a.b.bind-it.test"}) {
            assertThat(RawDns.query(bind.port(), name, RawDns.A))
                    .singleElement()
                    .satisfies(answer -> assertThat(answer.ipv4()).isEqualTo("127.0.0.1"));
        }
    }

    @Test
    void servesTheTestsRecordsAndNoChallengeRecordsAtFirst() throws Exception {
        assertThat(RawDns.query(bind.port(), "txt.bind-it.test", RawDns.TXT))
                .extracting(RawDns.Answer::txt)
                .containsExactly("from the zone file");
        assertThat(RawDns.query(bind.port(), "_acme-challenge.www.bind-it.test", RawDns.TXT)).isEmpty();
        assertThat(Files.readString(bind.logFile())).contains("query: _acme-challenge.www.bind-it.test IN TXT +");
    }

    @Test
    void answersNothingOutsideItsZone() throws Exception {
        assertThat(RawDns.query(bind.port(), "example.com", RawDns.A)).isEmpty();
    }

    @Test
    void hasAFreshUpdateKey() {
        assertThat(bind.tsigKeyName()).isEqualTo("certwright-update");
        assertThat(bind.tsigAlgorithm()).isEqualTo("hmac-sha256");
        assertThat(java.util.Base64.getDecoder().decode(bind.tsigSecret())).hasSize(32);
        assertThat(bind.toString()).doesNotContain(bind.tsigSecret());
    }

    @Test
    void closingStopsNamedAndDeletesItsDirectory() throws Exception {
        BindServer own = BindServer.start();
        ProcessHandle process = ProcessHandle.of(own.pid()).orElseThrow();
        Path directory = own.directory();
        assertThat(Files.readString(own.logFile())).contains("all zones loaded");
        assertThat(own.zone()).isEqualTo(BindServer.DEFAULT_ZONE);

        own.close();
        own.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(Files.exists(directory)).isEqualTo(Boolean.getBoolean(PebbleServer.KEEP_PROPERTY));
    }
}
