package org.certwright.acme.dns.google;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The provider contract against Google's token endpoint and Cloud DNS API as documented (see {@link FakeGoogleDns}). */
class GoogleCloudDnsProviderContractTest extends DnsProviderContract {

    private final MockWebServer server = new MockWebServer();
    private final FakeGoogleDns google;
    private String validKey;

    GoogleCloudDnsProviderContractTest() throws Exception {
        google = new FakeGoogleDns();
    }

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(google);
        server.start(InetAddress.getLoopbackAddress(), 0);
        validKey = google.keyFile(server.url("/token").toString(), true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DnsProvider provider(String key, Duration maxWait) {
        return GoogleCloudDnsProvider.builder(key)
                .endpoints(server.url("/dns/v1/").uri(), server.url("/token").uri())
                .pollInterval(Duration.ofMillis(50))
                .maxRateLimitWait(maxWait)
                .build();
    }

    @Override
    protected DnsProvider provider() {
        return provider(validKey, Duration.ofSeconds(10));
    }

    @Override
    protected String zone() {
        return FakeGoogleDns.ZONE;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return google.txt(zone, name);
    }

    @Override
    protected Optional<String> nestedZone() {
        return Optional.of(FakeGoogleDns.NESTED);
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        try {
            return Optional.of(provider(google.keyFile(server.url("/token").toString(), false), Duration.ofSeconds(10)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected Set<String> secrets() {
        // The private key's base64 body: no line of it may appear anywhere.
        String pem = validKey.replaceAll(".*-----BEGIN PRIVATE KEY-----\\\\n", "").replaceAll("\\\\n-----END.*", "");
        return Set.of(pem.split("\\\\n")[1]);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        google.limitNext(limitedRequests);
        return Optional.of(provider(validKey, Duration.ofSeconds(3)));
    }
}
