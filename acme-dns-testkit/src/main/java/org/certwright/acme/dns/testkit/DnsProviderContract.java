package org.certwright.acme.dns.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.certwright.acme.challenge.DnsRecord;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.problem.AcmeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link DnsProvider}, as JUnit 5 tests: subclass it, point the provider at a service
 * (a real server where one can run, else a mock of the service's documented API) and supply the hooks.
 *
 * <pre>{@code
 * class MyDnsProviderContractTest extends DnsProviderContract {
 *     protected DnsProvider provider() { return new MyDnsProvider(server.url(), token); }
 *     protected String zone() { return "example.test"; }
 *     protected Set<String> readTxt(String zone, String name) { return server.txtValues(zone, name); }
 * }
 * }</pre>
 *
 * <p>What it checks: a value is published and removed; other values at the same name survive both;
 * concurrent adds at one name all land (a wildcard and its base share a name, and their challenges
 * are provisioned at once); publishing twice and removing twice (or removing what was never there)
 * do not fail; the zone of a deep name is found, and the deepest zone wins when zones nest; bad
 * credentials give an {@link AcmeException} that does not repeat the secret; a rate limit is waited
 * out, and a rate limit that does not end fails within a bounded time. Hooks a service cannot
 * support (no nested zone, no way to provoke a rate limit) are left at their defaults, and the tests
 * that need them are skipped, naming the hook.
 *
 * <p>Every test uses names of its own below {@link #zone()} ({@code _acme-challenge.<random>.<zone>}),
 * so tests may share one service, and removes what it published.
 *
 * @since 0.2.0
 */
public abstract class DnsProviderContract {

    /** The default of {@link #testTimeout()}. */
    protected static final Duration TEST_TIMEOUT = Duration.ofSeconds(60);

    /** How many values the concurrency test publishes at one name at once. */
    protected static final int CONCURRENT_VALUES = 6;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates the contract; subclasses set up the service, usually in {@code @BeforeAll}. */
    protected DnsProviderContract() {
    }

    /**
     * The provider under test, with valid credentials, pointed at the test's service.
     *
     * @return a provider; it may be the same instance on every call
     */
    protected abstract DnsProvider provider();

    /**
     * A zone the provider's account can see and change, found by the provider on its own (it is
     * not told the zone).
     *
     * @return the zone name, lower case, without trailing dot
     */
    protected abstract String zone();

    /**
     * The TXT values at a name, read from the service itself (its API, its database or its DNS
     * server), not through the provider under test.
     *
     * @param zone the zone the name should be in
     * @param name the record name, without trailing dot
     * @return the values, without the quotes of zone file syntax; empty if there is no such record
     * @throws Exception if the service cannot be read
     */
    protected abstract Set<String> readTxt(String zone, String name) throws Exception;

    /**
     * A zone below {@link #zone()} that the account also holds as a zone of its own
     * ({@code sub.example.test} next to {@code example.test}), to check that the deepest zone is
     * chosen.
     *
     * @return the nested zone, or empty (the default) to skip that test
     */
    protected Optional<String> nestedZone() {
        return Optional.empty();
    }

    /**
     * A provider whose credentials the service refuses.
     *
     * @return the provider, or empty (the default) to skip that test
     */
    protected Optional<DnsProvider> providerWithBadCredentials() {
        return Optional.empty();
    }

    /**
     * The secrets the providers of this test hold (tokens, keys, passwords), which no exception
     * message and no {@code toString()} may show.
     *
     * @return the secrets; empty by default
     */
    protected Set<String> secrets() {
        return Set.of();
    }

    /**
     * A provider whose service answers the next {@code limitedRequests} requests with its rate-limit
     * response (for HTTP services: status 429 with {@code Retry-After: 1}), then serves normally. The
     * provider's own bound on the total wait should be short (a few seconds) so that
     * {@link #aRateLimitThatDoesNotEndFailsInBoundedTime()} is quick.
     *
     * @param limitedRequests how many requests are refused; {@link Integer#MAX_VALUE} for all of them
     * @return the provider, or empty (the default) to skip the rate-limit tests
     */
    protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
        return Optional.empty();
    }

    /**
     * Whether the service can remove a value. acme-dns, for one, cannot: it keeps the last two values
     * of a name, and a provider for it removes nothing. When {@code false}, the tests check that
     * removing succeeds and leaves every value in place, instead of checking that it is gone.
     *
     * @return {@code true} unless overridden
     */
    protected boolean removesValues() {
        return true;
    }

    /**
     * How many values the service keeps at one name at once (acme-dns: 2); the concurrency test adds
     * no more than this, and never more than {@value #CONCURRENT_VALUES}.
     *
     * @return {@link Integer#MAX_VALUE} unless overridden
     */
    protected int valuesPerName() {
        return Integer.MAX_VALUE;
    }

    /**
     * The longest any one test may take, so that a provider that hangs fails instead of stalling the
     * build; it must exceed the provider's own bound on waiting out a rate limit.
     *
     * @return {@link #TEST_TIMEOUT} unless overridden
     */
    protected Duration testTimeout() {
        return TEST_TIMEOUT;
    }

    @Test
    void aPublishedValueIsThereAndRemovingItLeavesNothing() throws Exception {
        within(() -> {
            DnsRecord record = record(uniqueName(zone()));
            provider().publish(record);
            assertEquals(Set.of(record.value()), readTxt(zone(), record.name()), "the TXT values after publish");
            provider().remove(record);
            assertEquals(afterRemoving(Set.of(record.value()), record), readTxt(zone(), record.name()),
                    "the TXT values after remove");
        });
    }

    @Test
    void removingAValueKeepsTheOthersAtTheName() throws Exception {
        within(() -> {
            String name = uniqueName(zone());
            DnsRecord first = record(name);
            DnsRecord second = record(name);
            provider().publish(first);
            provider().publish(second);
            assertEquals(Set.of(first.value(), second.value()), readTxt(zone(), name),
                    "publishing a second value at a name must keep the first");
            provider().remove(first);
            assertEquals(afterRemoving(Set.of(first.value(), second.value()), first), readTxt(zone(), name),
                    "removing one value must remove only that value");
            provider().remove(second);
            assertEquals(afterRemoving(Set.of(first.value(), second.value()), first, second), readTxt(zone(), name));
        });
    }

    @Test
    void concurrentAddsAtOneNameAllLandAndConcurrentRemovesLeaveNothing() throws Exception {
        within(() -> {
            String name = uniqueName(zone());
            List<DnsRecord> records = new ArrayList<>();
            for (int i = 0; i < Math.min(CONCURRENT_VALUES, valuesPerName()); i++) {
                records.add(record(name));
            }
            concurrently(records, provider()::publish);
            Set<String> expected = new HashSet<>();
            records.forEach(r -> expected.add(r.value()));
            assertEquals(expected, readTxt(zone(), name), "every one of the concurrent adds at " + name);
            concurrently(records, provider()::remove);
            assertEquals(afterRemoving(expected, records.toArray(DnsRecord[]::new)), readTxt(zone(), name),
                    "after the concurrent removes at " + name);
        });
    }

    @Test
    void publishingTwiceAndRemovingTwiceDoNotFail() throws Exception {
        within(() -> {
            DnsRecord record = record(uniqueName(zone()));
            provider().publish(record);
            provider().publish(record);
            assertEquals(Set.of(record.value()), readTxt(zone(), record.name()),
                    "a value published twice is there once");
            provider().remove(record);
            provider().remove(record);
            assertEquals(afterRemoving(Set.of(record.value()), record), readTxt(zone(), record.name()));
        });
    }

    @Test
    void removingAValueThatWasNeverPublishedDoesNotFail() throws Exception {
        within(() -> {
            String name = uniqueName(zone());
            DnsRecord kept = record(name);
            provider().publish(kept);
            provider().remove(record(name));
            provider().remove(record(uniqueName(zone())));
            assertEquals(Set.of(kept.value()), readTxt(zone(), name), "a remove of another value keeps this one");
            provider().remove(kept);
        });
    }

    @Test
    void theZoneOfADeepNameIsFound() throws Exception {
        within(() -> {
            String name = "_acme-challenge.a." + label() + ".b." + zone();
            DnsRecord record = record(name);
            provider().publish(record);
            assertEquals(Set.of(record.value()), readTxt(zone(), name), "published in " + zone());
            provider().remove(record);
            assertEquals(afterRemoving(Set.of(record.value()), record), readTxt(zone(), name));
        });
    }

    @Test
    void theDeepestZoneIsChosenWhenZonesNest() throws Exception {
        String nested = nestedZone().orElse(null);
        Assumptions.assumeTrue(nested != null, "nestedZone() gives no zone below zone()");
        within(() -> {
            DnsRecord record = record(uniqueName(nested));
            provider().publish(record);
            assertEquals(Set.of(record.value()), readTxt(nested, record.name()), "published in " + nested);
            assertEquals(Set.of(), readTxt(zone(), record.name()), "not published in the parent zone " + zone());
            provider().remove(record);
            assertEquals(afterRemoving(Set.of(record.value()), record), readTxt(nested, record.name()));
        });
    }

    @Test
    void badCredentialsFailWithAnAcmeExceptionThatKeepsTheSecret() throws Exception {
        DnsProvider bad = providerWithBadCredentials().orElse(null);
        Assumptions.assumeTrue(bad != null, "providerWithBadCredentials() gives no provider");
        within(() -> {
            DnsRecord record = record(uniqueName(zone()));
            AcmeException e = assertThrows(AcmeException.class, () -> bad.publish(record));
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the exception says what went wrong");
            assertNoSecretIn("the exception message", e.getMessage());
            assertNoSecretIn("the bad provider's toString()", bad.toString());
            assertNoSecretIn("the provider's toString()", provider().toString());
            assertEquals(Set.of(), readTxt(zone(), record.name()), "nothing was published");
        });
    }

    @Test
    void aRateLimitIsWaitedOut() throws Exception {
        DnsProvider limited = rateLimitedProvider(2).orElse(null);
        Assumptions.assumeTrue(limited != null, "rateLimitedProvider(int) gives no provider");
        within(() -> {
            DnsRecord record = record(uniqueName(zone()));
            limited.publish(record);
            assertEquals(Set.of(record.value()), readTxt(zone(), record.name()), "published after the rate limit");
            provider().remove(record);
        });
    }

    @Test
    void aRateLimitThatDoesNotEndFailsInBoundedTime() throws Exception {
        DnsProvider limited = rateLimitedProvider(Integer.MAX_VALUE).orElse(null);
        Assumptions.assumeTrue(limited != null, "rateLimitedProvider(int) gives no provider");
        within(() -> {
            DnsRecord record = record(uniqueName(zone()));
            AcmeException e = assertThrows(AcmeException.class, () -> limited.publish(record));
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the exception says what went wrong");
        });
    }

    /**
     * A name no other test uses: {@code _acme-challenge.<random label>.<zone>}.
     *
     * @param zone the zone
     * @return the name
     */
    protected static String uniqueName(String zone) {
        return "_acme-challenge." + label() + "." + zone;
    }

    /**
     * A record at a name with a fresh value shaped like a dns-01 digest (43 base64url characters).
     *
     * @param name the name
     * @return the record
     */
    protected static DnsRecord record(String name) {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        return new DnsRecord(name, Base64.getUrlEncoder().withoutPadding().encodeToString(digest), false);
    }

    /** What a name should hold after the removal of some values: with {@link #removesValues()} off, everything. */
    private Set<String> afterRemoving(Set<String> before, DnsRecord... removed) {
        Set<String> after = new HashSet<>(before);
        if (removesValues()) {
            for (DnsRecord record : removed) {
                after.remove(record.value());
            }
        }
        return after;
    }

    private static String label() {
        return "t" + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    private void assertNoSecretIn(String what, String text) {
        for (String secret : secrets()) {
            assertFalse(text != null && !secret.isEmpty() && text.contains(secret), what + " shows a secret: " + text);
        }
    }

    /** A step that may throw, for {@link #within(Step)}. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** A provider call, for {@link #concurrently(List, RecordAction)}. */
    @FunctionalInterface
    private interface RecordAction {
        void apply(DnsRecord record) throws AcmeException;
    }

    private void within(Step step) {
        Duration timeout = testTimeout();
        assertTimeoutPreemptively(timeout, () -> {
            step.run();
            return null;
        }, "the test took longer than " + timeout.toMillis() + " ms: does the provider bound its waits?");
    }

    /** Runs the action on every record at once, released together, and rethrows the first failure. */
    private void concurrently(List<DnsRecord> records, RecordAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(records.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (DnsRecord record : records) {
                Callable<Void> task = () -> {
                    start.await();
                    action.apply(record);
                    return null;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get(testTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the provider's calls ended after shutdownNow");
        }
    }
}
