package org.certwright.acme.dns.powerdns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testing.RateLimitingProxy;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.certwright.testkit.PowerDnsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The provider contract against a real pdns_server (SQLite backend) of the test's own. */
class PowerDnsProviderContractIT extends DnsProviderContract {

    private static final String ZONE = "certwright.test";
    private static final String NESTED = "sub." + ZONE;
    private static final String WRONG_KEY = "wrong-key-0123456789";

    private static PowerDnsServer pdns;
    private final List<RateLimitingProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void start() {
        pdns = PowerDnsServer.start(ZONE);
        pdns.createZone(NESTED);
    }

    @AfterAll
    static void stop() {
        if (pdns != null) {
            pdns.close();
        }
    }

    @AfterEach
    void closeProxies() {
        proxies.forEach(RateLimitingProxy::close);
    }

    @Override
    protected DnsProvider provider() {
        return PowerDnsProvider.builder(pdns.apiUrl(), pdns.apiKey()).build();
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return pdns.txt(zone, name);
    }

    @Override
    protected Optional<String> nestedZone() {
        return Optional.of(NESTED);
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(PowerDnsProvider.builder(pdns.apiUrl(), WRONG_KEY).build());
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(pdns.apiKey(), WRONG_KEY);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        try {
            RateLimitingProxy proxy = new RateLimitingProxy(pdns.apiUrl(), limitedRequests);
            proxies.add(proxy);
            return Optional.of(PowerDnsProvider.builder(proxy.url(), pdns.apiKey())
                    .maxRateLimitWait(Duration.ofSeconds(3))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
