package org.certwright.acme.store.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.certwright.acme.lifecycle.CertificateStore;
import org.certwright.acme.store.testkit.InMemoryCertificateStore.Defect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The kit is worth running only if it fails a store that breaks the contract; each defect must be caught. */
class ContractCatchesBrokenStoresTest {

    private static final String SELF = "org.certwright.acme.store.testkit.ContractCatchesBrokenStoresTest#launchedHere";

    @Test
    void aStoreWithoutFencingFails() {
        assertCaught(NoFencing.class, "aHolderWhoseExpiredLockWasTakenCannotOverwriteTheNewHoldersWrite()",
                "aWriteWithAnExpiredLeaseIsRefusedEvenIfNoOneTookTheLock()", "aWriteWithAReleasedLeaseIsRefused()");
    }

    @Test
    void aStoreWithoutExclusionFails() {
        assertCaught(NoExclusion.class, "aHeldLockCannotBeTakenByAnyoneElseNorAgainByItsOwner()",
                "ofManyRacingForALockExactlyOneGetsIt()", "ofManyRacingForAnExpiredLockExactlyOneGetsIt()");
    }

    @Test
    void aStoreWhoseTokensRestartFails() {
        assertCaught(TokensRestart.class, "aReleasedLockIsFreeAtOnceWithAHigherToken()",
                "fencingTokensOnALockOnlyEverIncrease()");
    }

    @Test
    void aStoreThatSharesItsArraysFails() {
        assertCaught(SharesArrays.class, "theStoreKeepsItsOwnCopyOfTheContent()");
    }

    @Test
    void aStoreThatAcceptsAnyNameFails() {
        assertCaught(NoNameCheck.class, "everyMethodRefusesAnInvalidNameWithATypedErrorNamingIt()");
    }

    @Test
    void theCorrectStorePasses() {
        TestExecutionSummary summary = run(Correct.class);
        assertEquals(0, summary.getTotalFailureCount(), () -> "failed: " + failed(summary));
        assertTrue(summary.getTestsSucceededCount() > 20);
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

    /** Whether the broken stores' contracts run because this test launched them (and not the build itself). */
    private static volatile boolean launching;

    static boolean launchedHere() {
        return launching;
    }

    // Nested, so that the build's own test run does not pick these up (surefire skips nested classes),
    // and disabled unless launched from here, for when it does (-Dtest=ContractCatches*).

    @EnabledIf(SELF)
    static class Correct extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.NONE);
        }
    }

    @EnabledIf(SELF)
    static class NoFencing extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.NO_FENCING);
        }
    }

    @EnabledIf(SELF)
    static class NoExclusion extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.NO_EXCLUSION);
        }
    }

    @EnabledIf(SELF)
    static class TokensRestart extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.TOKENS_RESTART_AFTER_RELEASE);
        }
    }

    @EnabledIf(SELF)
    static class SharesArrays extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.SHARES_ARRAYS);
        }
    }

    @EnabledIf(SELF)
    static class NoNameCheck extends CertificateStoreContract {
        @Override
        protected CertificateStore createStore(SimulatedClock clock) {
            return new InMemoryCertificateStore(clock, Defect.NO_NAME_CHECK);
        }
    }
}
