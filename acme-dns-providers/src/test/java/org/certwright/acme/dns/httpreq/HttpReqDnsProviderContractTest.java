package org.certwright.acme.dns.httpreq;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.junit.jupiter.api.AfterEach;

/** The provider contract against a real local HTTP endpoint speaking lego's httpreq protocol. */
class HttpReqDnsProviderContractTest extends DnsProviderContract {

    private final HookServer hook;

    HttpReqDnsProviderContractTest() throws IOException {
        hook = new HookServer();
    }

    @AfterEach
    void stop() {
        hook.close();
    }

    @Override
    protected DnsProvider provider() {
        return HttpReqDnsProvider.builder(hook.endpoint()).basicAuth(HookServer.USER, HookServer.PASSWORD).build();
    }

    @Override
    protected String zone() {
        return "example.test";
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        return hook.txt(name + ".");
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(HttpReqDnsProvider.builder(hook.endpoint()).basicAuth(HookServer.USER, "wrong").build());
    }

    @Override
    protected Set<String> secrets() {
        return Set.of(HookServer.PASSWORD);
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        hook.limitNext(limitedRequests);
        return Optional.of(HttpReqDnsProvider.builder(hook.endpoint()).basicAuth(HookServer.USER, HookServer.PASSWORD)
                .maxRateLimitWait(Duration.ofSeconds(3)).build());
    }
}
