package org.certwright.acme.dns.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.problem.AcmeException;

/**
 * A DNS hosting service in memory (zones of TXT record sets behind a token, with a rate limit that can
 * be switched on) and a provider for it that can be given defects, to show that the contract catches them.
 */
final class FakeDnsService {

    static final String ZONE = "example.test";
    static final String NESTED = "sub.example.test";
    static final String TOKEN = "s3cret-token-value";

    /** Ways a provider can break the contract. */
    enum Defect { NONE, REPLACES_VALUES, LOSES_CONCURRENT_UPDATES, FAILS_REMOVING_ABSENT, SHALLOWEST_ZONE,
        SHOWS_SECRET, GIVES_UP_ON_RATE_LIMIT, WAITS_FOREVER_ON_RATE_LIMIT }

    private final Map<String, Map<String, List<String>>> zones = new ConcurrentHashMap<>();
    private final AtomicInteger rateLimited = new AtomicInteger();

    FakeDnsService() {
        zones.put(ZONE, new ConcurrentHashMap<>());
        zones.put(NESTED, new ConcurrentHashMap<>());
    }

    Set<String> txt(String zone, String name) {
        return Set.copyOf(zones.get(zone).getOrDefault(name, List.of()));
    }

    void limitNext(int requests) {
        rateLimited.set(requests);
    }

    /** The API: read a record set; refuses a wrong token and answers "429" while rate limited. */
    private List<String> get(String token, String zone, String name) throws ApiError {
        check(token);
        return List.copyOf(zones.get(zone).getOrDefault(name, List.of()));
    }

    /** The API: replace a record set (empty deletes it). */
    private void put(String token, String zone, String name, List<String> values) throws ApiError {
        check(token);
        if (values.isEmpty()) {
            zones.get(zone).remove(name);
        } else {
            zones.get(zone).put(name, List.copyOf(values));
        }
    }

    private void check(String token) throws ApiError {
        if (rateLimited.getAndUpdate(n -> n > 0 && n != Integer.MAX_VALUE ? n - 1 : n) > 0) {
            throw new ApiError(429, "slow down");
        }
        if (!TOKEN.equals(token)) {
            throw new ApiError(401, "invalid token");
        }
    }

    static final class ApiError extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    Provider provider(String token, Defect defect) {
        return new Provider(token, defect);
    }

    final class Provider implements DnsProvider {
        private final String token;
        private final Defect defect;

        Provider(String token, Defect defect) {
            this.token = token;
            this.defect = defect;
        }

        @Override
        public void publish(DnsRecord record) throws AcmeException {
            String zone = zoneOf(record.name());
            change(zone, record, true);
        }

        @Override
        public void remove(DnsRecord record) throws AcmeException {
            change(zoneOf(record.name()), record, false);
        }

        private void change(String zone, DnsRecord record, boolean add) throws AcmeException {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (true) {
                try {
                    if (defect == Defect.LOSES_CONCURRENT_UPDATES) {
                        apply(zone, record, add);
                    } else {
                        synchronized (this) {
                            apply(zone, record, add);
                        }
                    }
                    return;
                } catch (ApiError e) {
                    boolean retry = e.status == 429 && defect != Defect.GIVES_UP_ON_RATE_LIMIT
                            && (defect == Defect.WAITS_FOREVER_ON_RATE_LIMIT || System.nanoTime() < deadline);
                    if (!retry) {
                        throw new ProvisioningException("fake DNS refused " + record.name() + ": " + e.getMessage()
                                + (defect == Defect.SHOWS_SECRET ? " (token " + token + ")" : ""));
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw new ProvisioningException("interrupted", ie);
                    }
                }
            }
        }

        private void apply(String zone, DnsRecord record, boolean add) throws ApiError, ProvisioningException {
            List<String> values = new java.util.ArrayList<>(get(token, zone, record.name()));
            if (defect == Defect.LOSES_CONCURRENT_UPDATES) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProvisioningException("interrupted", e);
                }
            }
            if (add) {
                if (defect == Defect.REPLACES_VALUES) {
                    values.clear();
                }
                if (!values.contains(record.value())) {
                    values.add(record.value());
                }
            } else {
                if (!values.remove(record.value()) && defect == Defect.FAILS_REMOVING_ABSENT) {
                    throw new ProvisioningException("no such value at " + record.name());
                }
                if (defect == Defect.REPLACES_VALUES) {
                    values.clear();
                }
            }
            put(token, zone, record.name(), values);
        }

        private String zoneOf(String name) throws ProvisioningException {
            Comparator<String> byLength = Comparator.comparingInt(String::length);
            Optional<String> zone = zones.keySet().stream().filter(z -> name.equals(z) || name.endsWith("." + z))
                    .max(defect == Defect.SHALLOWEST_ZONE ? byLength.reversed() : byLength);
            return zone.orElseThrow(() -> new ProvisioningException("no zone for " + name));
        }

        @Override
        public String toString() {
            return "FakeProvider[" + defect + "]";
        }
    }
}
