package org.certwright.acme.dns.acmedns;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import mockwebserver3.MockWebServer;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.DnsProviderContract;
import org.certwright.acme.problem.AcmeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The provider contract against acme-dns's documented API (see {@link FakeAcmeDns}). Each test name
 * gets a registration of its own, as each domain does in practice (its challenge name delegated to
 * the registration's full domain). acme-dns cannot delete and keeps two values, which the contract
 * is told; there are no zones to discover.
 */
class AcmeDnsProviderContractTest extends DnsProviderContract {

    private final MockWebServer server = new MockWebServer();
    private final FakeAcmeDns acmeDns = new FakeAcmeDns();
    private final Map<String, AcmeDnsAccount> accounts = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(acmeDns);
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI api() {
        return server.url("/").uri();
    }

    /** The account for a name, registered the first time it is asked for. */
    private Optional<AcmeDnsAccount> accountFor(String name) {
        return Optional.of(accounts.computeIfAbsent(name, n -> {
            try {
                return AcmeDnsProvider.register(api(), List.of());
            } catch (AcmeException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @Override
    protected DnsProvider provider() {
        return AcmeDnsProvider.builder(api()).accounts(this::accountFor).build();
    }

    @Override
    protected String zone() {
        return FakeAcmeDns.DOMAIN;
    }

    @Override
    protected Set<String> readTxt(String zone, String name) {
        AcmeDnsAccount account = accounts.get(name);
        return account == null ? Set.of() : acmeDns.txt(account.subdomain());
    }

    @Override
    protected boolean removesValues() {
        return false;
    }

    @Override
    protected int valuesPerName() {
        return 2;
    }

    @Override
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.of(AcmeDnsProvider.builder(api()).accounts(name -> accountFor(name).map(a ->
                new AcmeDnsAccount(a.username(), "wrong-password", a.subdomain(), a.fulldomain(), a.allowFrom())))
                .build());
    }

    @Override
    protected Set<String> secrets() {
        Set<String> secrets = new HashSet<>();
        accounts.values().forEach(a -> secrets.add(a.password()));
        return secrets;
    }

    @Override
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        acmeDns.limitNextUpdates(limitedRequests);
        return Optional.of(AcmeDnsProvider.builder(api()).accounts(this::accountFor)
                .maxRateLimitWait(Duration.ofSeconds(3)).build());
    }
}
