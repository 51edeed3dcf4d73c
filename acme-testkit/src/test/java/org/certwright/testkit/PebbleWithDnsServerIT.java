package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A Pebble started with a DNS server of the test's choice (here BIND) instead of pebble-challtestsrv. */
@ExtendWith(PebbleExtension.class)
class PebbleWithDnsServerIT {

    @Test
    void usesTheGivenDnsServerAndBelongsToTheCaller() throws Exception {
        try (BindServer bind = BindServer.start()) {
            PebbleServer pebble = PebbleServer.start(PebbleConfig.defaults(), bind.address());
            List<ProcessHandle> processes;
            try {
                assertThat(pebble.dnsServer()).isEqualTo(bind.address());
                assertThat(Files.readString(pebble.logFile()))
                        .contains("-dnsserver 127.0.0.1:" + bind.port());
                assertThat(pebble.toString()).contains("DNS server 127.0.0.1:" + bind.port());
                assertThatThrownBy(pebble::challtestsrv)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("127.0.0.1:" + bind.port());
                assertThat(pebble.roots()).hasSize(1);
                processes = pebble.pids().stream().map(pid -> ProcessHandle.of(pid).orElseThrow()).toList();
                assertThat(processes).hasSize(1).allMatch(ProcessHandle::isAlive);
            } finally {
                pebble.close();
            }
            pebble.close();
            assertThat(processes).noneMatch(ProcessHandle::isAlive);
        }
    }

    @Test
    void sharedInstancesKeepChalltestsrvAndCannotBeClosedByATest(PebbleServer shared) {
        assertThat(shared.dnsServer()).isEqualTo(shared.challtestsrv().dnsAddress());
        assertThatThrownBy(shared::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PebbleExtension");
        assertThat(shared.pids()).hasSize(2);
    }

    @Test
    void hostPortBracketsIpv6() throws Exception {
        assertThat(PebbleServer.hostPort(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 53)))
                .isEqualTo("[0:0:0:0:0:0:0:1]:53");
        assertThat(PebbleServer.hostPort(new java.net.InetSocketAddress(FreePorts.loopback(), 5353)))
                .isEqualTo("127.0.0.1:5353");
    }
}
