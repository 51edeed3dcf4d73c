package org.certwright.acme.challenges.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ChallengeServerTest {

    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void aConnectionThatSendsNothingIsClosedAtItsDeadline() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ChallengeServer server = ChallengeServer.open("test", ANY_LOOPBACK_PORT,
                    new ChallengeServer.Limits(Duration.ofMillis(300), 4), socket -> socket.getInputStream().read());
            try (Socket client = connect(server)) {
                client.setSoTimeout(15_000);
                assertThat(readToEnd(client.getInputStream())).isTrue();
            } finally {
                server.stop();
            }
        });
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAtOnceAndTheOthersStillServed() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CountDownLatch entered = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            ChallengeServer server = ChallengeServer.open("test", ANY_LOOPBACK_PORT,
                    new ChallengeServer.Limits(Duration.ofSeconds(10), 2), socket -> {
                        entered.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        socket.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
                    });
            try (Socket first = connect(server); Socket second = connect(server)) {
                entered.await();
                try (Socket third = connect(server)) {
                    third.setSoTimeout(5_000);
                    assertThat(third.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
                }
                release.countDown();
                first.setSoTimeout(5_000);
                assertThat(new String(first.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("ok");
            } finally {
                release.countDown();
                server.stop();
            }
        });
    }

    @Test
    void stopClosesOpenConnectionsAndReleasesThePort() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CountDownLatch entered = new CountDownLatch(1);
            ChallengeServer server = ChallengeServer.open("test", ANY_LOOPBACK_PORT,
                    new ChallengeServer.Limits(Duration.ofSeconds(60), 4), socket -> {
                        entered.countDown();
                        socket.getInputStream().read();
                    });
            int port = server.address().getPort();
            try (Socket client = connect(server)) {
                entered.await();
                assertThat(server.openConnections()).isEqualTo(1);
                server.stop();
                client.setSoTimeout(15_000);
                assertThat(readToEnd(client.getInputStream())).isTrue();
            }
            try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(again.getLocalPort()).isEqualTo(port);
            }
        });
    }

    private static Socket connect(ChallengeServer server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server.address(), 5_000);
        return socket;
    }

    /** Reads until the server closes; {@code true} once it has (end of stream or a reset). */
    private static boolean readToEnd(InputStream in) {
        try {
            while (in.read() >= 0) {
                // nothing is expected
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
