package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port taken between reservation and start is recognised, so that the launcher can retry. */
class PortCollisionIT {

    private final PebbleDistribution distribution = PebbleExtension.requireDistribution(PebbleDistribution.find(),
            PebbleDistribution::missingMessage, System.getenv(PebbleExtension.CI_VARIABLE));

    @Test
    void takenDnsPortIsAPortCollision(@TempDir Path dir) throws Exception {
        List<Integer> ports = FreePorts.reserve(2);
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(FreePorts.loopback(), ports.get(0)))) {
            assertThat(taken.isBound()).isTrue();
            assertThatThrownBy(() -> ChallTestServer.start(distribution, dir, ports.get(0), ports.get(1),
                    Instant.now().plus(PebbleLauncher.STARTUP_TIMEOUT), () -> null))
                    .isInstanceOf(PebbleLauncher.PortInUseException.class)
                    .hasMessageContaining("address already in use");
        }
    }

    @Test
    void takenAcmePortIsAPortCollision(@TempDir Path dir) throws Exception {
        List<Integer> ports = new ArrayList<>(FreePorts.reserve(6));
        CompletableFuture<PebbleLauncher.Tls> tls = CompletableFuture.completedFuture(PebbleLauncher.Tls.create(dir));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(FreePorts.loopback(), ports.get(0)));

            assertThatThrownBy(() -> PebbleLauncher.attempt(PebbleConfig.defaults(), distribution, dir, tls, ports))
                    .isInstanceOf(PebbleLauncher.PortInUseException.class)
                    .hasMessageContaining("address already in use");
        }
        assertThat(Files.readString(dir.resolve("pebble.log"))).contains("127.0.0.1:" + ports.get(0));
    }
}
