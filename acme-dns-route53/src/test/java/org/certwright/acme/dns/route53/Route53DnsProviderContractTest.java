package org.certwright.acme.dns.route53;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The provider contract against the Route 53 REST API as its reference documents it (see
 * {@link FakeRoute53}), through the real AWS SDK v2 client: signing, XML, retries and all.
 */
class Route53DnsProviderContractTest extends DnsProviderContract {

    private final MockWebServer server = new MockWebServer();
    private final FakeRoute53 route53 = new FakeRoute53();
    private final List<Route53DnsProvider> providers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(route53);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        providers.forEach(Route53DnsProvider::close);
        server.close();
    }

    private Route53DnsProvider provider(String keyId) {
        Route53DnsProvider provider = Route53DnsProvider.builder()
                .endpoint(server.url("/").uri())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, FakeRoute53.SECRET_KEY)))
                .pollInterval(Duration.ofMillis(50))
                .timeout(Duration.ofSeconds(10))
                .build();
        providers.add(provider);
        return provider;
    }

    @Override
    protected DnsProvider provider() {
        return provider(FakeRoute53.ACCESS_KEY_ID);
    }

    @Override
    protected String zone() {
        return FakeRoute53.ZONE;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return route53.txt(zone, name);
    }

    @Override
    protected Optional<String> nestedZone() {
        return Optional.of(FakeRoute53.NESTED);
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(provider("AKIAWRONGWRONGWRONG1"));
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(FakeRoute53.SECRET_KEY);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        route53.throttleNext(limitedRequests);
        return Optional.of(provider());
    }
}
