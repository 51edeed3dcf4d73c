package org.certwright.acme.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.Certificate;
import org.certwright.acme.Session;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.testkit.Pebble;
import org.certwright.testkit.PebbleServer;
import org.junit.jupiter.api.Test;

/** One Session shared by 16 threads issuing at the same time, with Pebble rejecting 5% of nonces. */
@Pebble
class ConcurrencyIT {

    @Test
    void sixteenThreadsShareOneSession(PebbleServer pebble) throws Exception {
        Session session = PebbleFixtures.sessionWithAccount(pebble);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<IssuedCertificate>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = PebbleFixtures.uniqueName("conc" + i);
                futures.add(pool.submit(() -> PebbleFixtures.issue(session, pebble, name)));
            }
            List<String> serials = new ArrayList<>();
            for (Future<IssuedCertificate> f : futures) {
                Certificate c = f.get(5, TimeUnit.MINUTES).certificate();
                serials.add(c.leaf().getSerialNumber().toString(16));
            }
            assertThat(serials).doesNotHaveDuplicates().hasSize(16);
        } finally {
            pool.shutdownNow();
        }
        // Nonces came from the pool: far fewer newNonce requests than certificates.
        assertThat(session.statistics().nonceRequests()).isLessThanOrEqualTo(16);
    }
}
