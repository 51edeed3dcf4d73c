package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Starts and stops an instance directly, outside the extension's sharing, to check timing and clean-up.
 * Isolated, so that the timing is not that of several instances starting at once.
 */
@Isolated
class PebbleLauncherIT {

    @Test
    void startsQuicklyAndLeavesNothingBehind() {
        PebbleDistribution distribution = PebbleExtension.requireDistribution(PebbleDistribution.find(),
                PebbleDistribution::missingMessage, System.getenv(PebbleExtension.CI_VARIABLE));
        PebbleConfig config = new PebbleConfig(false, 0, 0, Pebble.PEBBLE_DEFAULT, Pebble.PEBBLE_DEFAULT, 0, 0, 11,
                false, false);

        long start = System.nanoTime();
        PebbleServer server = PebbleLauncher.start(config, distribution);
        Duration startup = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("Started %s in %d ms%n", server, startup.toMillis());

        List<ProcessHandle> processes = server.pids().stream()
                .map(pid -> ProcessHandle.of(pid).orElseThrow())
                .toList();
        Path directory = server.trustAnchorPem().getParent();
        assertThat(processes).hasSize(2).allMatch(ProcessHandle::isAlive);
        // Typically 0.2-0.5 s, plus about a second of class loading for the first instance of a JVM; the
        // bound only catches a start that waits for timeouts.
        assertThat(startup).isLessThan(Duration.ofSeconds(10));

        server.stop();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(directory)).isEqualTo(Boolean.getBoolean(PebbleServer.KEEP_PROPERTY));
    }
}
