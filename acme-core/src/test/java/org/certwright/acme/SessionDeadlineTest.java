package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.certwright.acme.internal.http.MisbehavingServer;
import org.certwright.acme.problem.AcmeNetworkException;
import org.junit.jupiter.api.Test;

// A CA that drips its answers cannot hold an operation past its deadline, retries included.
class SessionDeadlineTest {

    private static final Duration HANG_LIMIT = Duration.ofSeconds(25);

    @Test
    void retriesOfADrippingGetAreBoundedByTheirCount() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.DRIP, 1000)) {
            Session session = Session.builder(server.url("http", "/dir"), TestKeys.ACCOUNT)
                    .allowInsecureHttpOnLoopback()
                    .requestTimeout(Duration.ofSeconds(1))
                    .retryPolicy(new RetryPolicy(5, 2, Duration.ofMillis(10), Duration.ofSeconds(1)))
                    .build();

            AcmeNetworkException e = assertTimeoutPreemptively(HANG_LIMIT,
                    () -> catchThrowableOfType(AcmeNetworkException.class, session::directory));

            assertThat(e).hasMessageContaining("response did not complete within 1000 ms");
            assertThat(server.accepted()).isEqualTo(3);
        }
    }

    @Test
    void retriesStopWhenTheRetryWindowIsOverWhateverTheirCount() throws Exception {
        try (MisbehavingServer server = new MisbehavingServer(MisbehavingServer.Behaviour.DRIP, 1000)) {
            Session session = Session.builder(server.url("http", "/dir"), TestKeys.ACCOUNT)
                    .allowInsecureHttpOnLoopback()
                    .requestTimeout(Duration.ofSeconds(1))
                    .retryPolicy(new RetryPolicy(5, 1000, Duration.ofMillis(10), Duration.ofSeconds(1))
                            .withRetryWindow(Duration.ofSeconds(3)))
                    .build();

            AcmeNetworkException e = assertTimeoutPreemptively(HANG_LIMIT,
                    () -> catchThrowableOfType(AcmeNetworkException.class, session::directory));

            assertThat(e).hasMessageContaining("did not complete within");
            assertThat(server.accepted()).isBetween(2, 5);
        }
    }
}
