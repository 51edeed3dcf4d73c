package org.certwright.acme.dns.azure;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract against Entra ID's token endpoint and the Azure DNS API as documented (see {@link FakeAzureDns}). */
class AzureDnsProviderContractTest extends DnsProviderContract {

    private final MockWebServer server = new MockWebServer();
    private final FakeAzureDns azure = new FakeAzureDns();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(azure);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsProvider provider(String secret, Duration maxWait) {
        return AzureDnsProvider.builder(FakeAzureDns.TENANT, FakeAzureDns.CLIENT, secret, FakeAzureDns.SUBSCRIPTION)
                .endpoints(server.url("/").uri(), server.url("/").uri())
                .maxRateLimitWait(maxWait)
                .build();
    }

    @Override
    protected DnsProvider provider() {
        return provider(FakeAzureDns.SECRET, Duration.ofSeconds(10));
    }

    @Override
    protected String zone() {
        return FakeAzureDns.ZONE;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return azure.txt(zone, name);
    }

    @Override
    protected Optional<String> nestedZone() {
        return Optional.of(FakeAzureDns.NESTED);
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(provider("wrong-" + FakeAzureDns.SECRET, Duration.ofSeconds(10)));
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(FakeAzureDns.SECRET);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        azure.limitNext(limitedRequests);
        return Optional.of(provider(FakeAzureDns.SECRET, Duration.ofSeconds(3)));
    }
}
