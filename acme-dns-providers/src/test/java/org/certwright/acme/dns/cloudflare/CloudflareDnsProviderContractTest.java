package org.certwright.acme.dns.cloudflare;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract against the Cloudflare API v4 as its reference documents it (see {@link FakeCloudflare}). */
class CloudflareDnsProviderContractTest extends DnsProviderContract {

    private final MockWebServer server = new MockWebServer();
    private final FakeCloudflare cloudflare = new FakeCloudflare();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(cloudflare);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsProvider provider(String token, Duration maxWait) {
        return CloudflareDnsProvider.builder(token).apiUrl(server.url("/client/v4/").uri()).maxRateLimitWait(maxWait)
                .build();
    }

    @Override
    protected DnsProvider provider() {
        return provider(FakeCloudflare.TOKEN, Duration.ofSeconds(10));
    }

    @Override
    protected String zone() {
        return FakeCloudflare.ZONE;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return cloudflare.txt(zone, name);
    }

    @Override
    protected Optional<String> nestedZone() {
        return Optional.of(FakeCloudflare.NESTED);
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(provider("wrong-" + FakeCloudflare.TOKEN, Duration.ofSeconds(10)));
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(FakeCloudflare.TOKEN);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        cloudflare.limitNext(limitedRequests);
        return Optional.of(provider(FakeCloudflare.TOKEN, Duration.ofSeconds(3)));
    }
}
