package org.certwright.acme.dns.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.certwright.acme.challenges.DnsProvider;
import org.certwright.acme.dns.testkit.FakeDnsService.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The kit is worth running only if it fails a provider that breaks the contract; each defect must be caught. */
class ContractCatchesBrokenProvidersTest {

    private static final String SELF =
            "org.certwright.acme.dns.testkit.ContractCatchesBrokenProvidersTest#launchedHere";

    @Test
    void theCorrectProviderPassesEveryTest() {
        TestExecutionSummary summary = run(Correct.class);
        assertEquals(0, summary.getTotalFailureCount(), () -> "failed: " + failed(summary));
        assertEquals(0, summary.getTestsAbortedCount(), "every hook is supplied, so nothing is skipped");
        assertEquals(10, summary.getTestsSucceededCount());
    }

    @Test
    void aProviderThatReplacesTheValuesAtANameFails() {
        assertCaught(ReplacesValues.class, "removingAValueKeepsTheOthersAtTheName()",
                "removingAValueThatWasNeverPublishedDoesNotFail()");
    }

    @Test
    void aProviderThatLosesConcurrentUpdatesFails() {
        assertCaught(LosesConcurrentUpdates.class, "concurrentAddsAtOneNameAllLandAndConcurrentRemovesLeaveNothing()");
    }

    @Test
    void aProviderThatFailsToRemoveWhatIsNotThereFails() {
        assertCaught(FailsRemovingAbsent.class, "publishingTwiceAndRemovingTwiceDoNotFail()",
                "removingAValueThatWasNeverPublishedDoesNotFail()");
    }

    @Test
    void aProviderThatPicksTheParentZoneFails() {
        assertCaught(ShallowestZone.class, "theDeepestZoneIsChosenWhenZonesNest()");
    }

    @Test
    void aProviderThatShowsItsSecretFails() {
        assertCaught(ShowsSecret.class, "badCredentialsFailWithAnAcmeExceptionThatKeepsTheSecret()");
    }

    @Test
    void aProviderThatGivesUpOnARateLimitFails() {
        assertCaught(GivesUpOnRateLimit.class, "aRateLimitIsWaitedOut()");
    }

    @Test
    void aProviderThatWaitsForeverOnARateLimitFails() {
        assertCaught(WaitsForeverOnRateLimit.class, "aRateLimitThatDoesNotEndFailsInBoundedTime()");
    }

    private static void assertCaught(Class<?> contract, String... tests) {
        TestExecutionSummary summary = run(contract);
        Set<String> failed = failed(summary);
        for (String test : tests) {
            assertTrue(failed.contains(test), () -> test + " did not fail; failed: " + failed);
        }
    }

    private static TestExecutionSummary run(Class<?> contract) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launching = true;
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(contract))
                    .build(), listener);
        } finally {
            launching = false;
        }
        return listener.getSummary();
    }

    private static Set<String> failed(TestExecutionSummary summary) {
        Set<String> names = new TreeSet<>();
        summary.getFailures().forEach(f -> names.add(f.getTestIdentifier().getDisplayName()));
        return names;
    }

    /** Whether the broken providers' contracts run because this test launched them (not the build itself). */
    private static volatile boolean launching;

    static boolean launchedHere() {
        return launching;
    }

    /** The contract against the fake service, with a provider with the given defect. */
    abstract static class FakeContract extends DnsProviderContract {
        private final FakeDnsService service = new FakeDnsService();
        private final Defect defect;

        FakeContract(Defect defect) {
            this.defect = defect;
        }

        @Override
        protected DnsProvider provider() {
            return service.provider(FakeDnsService.TOKEN, defect);
        }

        @Override
        protected String zone() {
            return FakeDnsService.ZONE;
        }

        @Override
        protected Set<String> readTxt(String zone, String name) {
            return service.txt(zone, name);
        }

        @Override
        protected Duration testTimeout() {
            // The fake provider waits out a rate limit for at most 3 s.
            return Duration.ofSeconds(10);
        }

        @Override
        protected Optional<String> nestedZone() {
            return Optional.of(FakeDnsService.NESTED);
        }

        @Override
        protected Optional<DnsProvider> providerWithBadCredentials() {
            return Optional.of(service.provider("wrong-" + FakeDnsService.TOKEN, defect));
        }

        @Override
        protected Set<String> secrets() {
            return Set.of(FakeDnsService.TOKEN);
        }

        @Override
        protected Optional<DnsProvider> rateLimitedProvider(int limitedRequests) {
            service.limitNext(limitedRequests);
            return Optional.of(provider());
        }
    }

    // Nested, so that the build's own test run does not pick these up (surefire skips nested classes),
    // and disabled unless launched from here, for when it does.

    @EnabledIf(SELF)
    static class Correct extends FakeContract {
        Correct() {
            super(Defect.NONE);
        }
    }

    @EnabledIf(SELF)
    static class ReplacesValues extends FakeContract {
        ReplacesValues() {
            super(Defect.REPLACES_VALUES);
        }
    }

    @EnabledIf(SELF)
    static class LosesConcurrentUpdates extends FakeContract {
        LosesConcurrentUpdates() {
            super(Defect.LOSES_CONCURRENT_UPDATES);
        }
    }

    @EnabledIf(SELF)
    static class FailsRemovingAbsent extends FakeContract {
        FailsRemovingAbsent() {
            super(Defect.FAILS_REMOVING_ABSENT);
        }
    }

    @EnabledIf(SELF)
    static class ShallowestZone extends FakeContract {
        ShallowestZone() {
            super(Defect.SHALLOWEST_ZONE);
        }
    }

    @EnabledIf(SELF)
    static class ShowsSecret extends FakeContract {
        ShowsSecret() {
            super(Defect.SHOWS_SECRET);
        }
    }

    @EnabledIf(SELF)
    static class GivesUpOnRateLimit extends FakeContract {
        GivesUpOnRateLimit() {
            super(Defect.GIVES_UP_ON_RATE_LIMIT);
        }
    }

    @EnabledIf(SELF)
    static class WaitsForeverOnRateLimit extends FakeContract {
        WaitsForeverOnRateLimit() {
            super(Defect.WAITS_FOREVER_ON_RATE_LIMIT);
        }
    }
}
