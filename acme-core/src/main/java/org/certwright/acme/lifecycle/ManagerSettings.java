package org.certwright.acme.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The manager's configuration, as its builder left it, shared by the classes that do its work. */
record ManagerSettings(CertificateStore store, Clock clock, RandomGenerator random, RenewalPolicy policy,
                       FailureBackoff backoff, ExpiryWarnings warnings, Duration pollInterval,
                       Duration leaseDuration, Duration issuanceDeadline, Duration closeTimeout,
                       int workerThreads, int attemptHistory, String owner) {
}
