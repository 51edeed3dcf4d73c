package org.certwright.acme.issuance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;

/**
 * A challenge responder that publishes into a {@link FakeInternet}: the http-01 file, the dns-01
 * TXT record or the tls-alpn-01 certificate its context describes, and removes it on clean-up.
 * Switches make it decline identifiers, fail to provision, never become ready, fail to clean up or
 * block while provisioning. Like a responder that calls an API, it cannot clean up on an
 * interrupted thread. It keeps every {@link FakeProvision} it handed out, and notes each step on
 * the internet's timeline ({@code "provisioned http-01 dns:a.example"}, {@code "ready ..."},
 * {@code "cleaned up ..."}).
 *
 * <p>Thread-safe, like every responder must be.
 */
final class FakeResponder implements ChallengeResponder {

    private final FakeInternet internet;
    private final Set<String> types;
    private final List<FakeProvision> provisions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger callsInProgress = new AtomicInteger();
    private volatile Predicate<Identifier> declines = id -> false;
    private volatile Predicate<Identifier> provisioningFails = id -> false;
    private volatile boolean neverReady;
    private volatile boolean cleanUpFails;
    private volatile Hold hold;
    private final AtomicInteger concurrentProvisions = new AtomicInteger();
    private final AtomicInteger peakConcurrentProvisions = new AtomicInteger();
    private volatile Duration provisionTime = Duration.ZERO;
    private volatile CountDownLatch readinessHeld;
    private volatile Throwing throwing;

    /** Where a responder or its provision can throw. */
    enum Call { SUPPORTS, PROVISION, AWAIT_READY, CLOSE }

    /** {@code call} throws {@code what} for identifiers that match. */
    private record Throwing(Call call, Predicate<Identifier> identifiers, java.util.function.Supplier<Throwable> what) {
        void maybeThrow(Call at, Identifier id) {
            if (at == call && identifiers.test(id)) {
                Throwable t = what.get();
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                throw (Error) t;
            }
        }
    }

    /** Provisioning of {@code identifier} signals {@code entered}, then waits for {@code release} or an interrupt. */
    private record Hold(Identifier identifier, CountDownLatch entered, CountDownLatch release) {
    }

    private FakeResponder(FakeInternet internet, Set<String> types) {
        this.internet = internet;
        this.types = types;
    }

    /** A responder for the given challenge types. */
    static FakeResponder of(FakeInternet internet, String... types) {
        return new FakeResponder(internet, Set.of(types));
    }

    /** {@link #supports} answers false for these identifiers. */
    FakeResponder declining(Predicate<Identifier> identifiers) {
        this.declines = identifiers;
        return this;
    }

    /** {@link #provision} throws a {@link ProvisioningException} for these identifiers. */
    FakeResponder failingToProvision(Predicate<Identifier> identifiers) {
        this.provisioningFails = identifiers;
        return this;
    }

    /** {@link Provision#awaitReady} throws: the record never becomes visible. */
    FakeResponder neverReady() {
        this.neverReady = true;
        return this;
    }

    /** {@link Provision#close} throws, and leaves what it published in place. */
    FakeResponder failingToCleanUp() {
        this.cleanUpFails = true;
        return this;
    }

    /**
     * {@code call} throws what {@code what} supplies (a {@link RuntimeException} or an
     * {@link Error}), as a buggy responder would, for identifiers that match; a throwing close
     * leaves what it published in place.
     */
    FakeResponder throwing(Call call, Predicate<Identifier> identifiers, java.util.function.Supplier<Throwable> what) {
        this.throwing = new Throwing(call, identifiers, what);
        return this;
    }

    /** Each provisioning takes this long, so that concurrent ones overlap visibly. */
    FakeResponder takingToProvision(Duration time) {
        this.provisionTime = time;
        return this;
    }

    /**
     * {@link Provision#awaitReady} counts down {@code entered} and then waits until the thread is
     * interrupted (it honours that like a well-behaved responder), as for a record that never
     * propagates while the timeout is long.
     */
    FakeResponder holdingReadiness(CountDownLatch entered) {
        this.readinessHeld = entered;
        return this;
    }

    /** The most provisionings that ran at once so far. */
    int peakConcurrentProvisions() {
        return peakConcurrentProvisions.get();
    }

    /**
     * Provisioning of {@code identifier} counts down {@code entered} and then blocks, as a slow DNS
     * API would, until {@code release} is counted down or the thread is interrupted (which it
     * honours like a well-behaved responder, with an {@link AcmeInterruptedException}).
     */
    FakeResponder holdingProvisioning(Identifier identifier, CountDownLatch entered, CountDownLatch release) {
        this.hold = new Hold(identifier, entered, release);
        return this;
    }

    @Override
    public Set<String> challengeTypes() {
        return types;
    }

    @Override
    public boolean supports(ChallengeContext context) {
        Throwing t = throwing;
        if (t != null) {
            t.maybeThrow(Call.SUPPORTS, context.identifier());
        }
        return types.contains(context.type()) && !declines.test(context.identifier());
    }

    @Override
    public Provision provision(ChallengeContext context) throws AcmeException {
        callsInProgress.incrementAndGet();
        peakConcurrentProvisions.accumulateAndGet(concurrentProvisions.incrementAndGet(), Math::max);
        try {
            Throwing t = throwing;
            if (t != null) {
                t.maybeThrow(Call.PROVISION, context.identifier());
            }
            if (!provisionTime.isZero()) {
                try {
                    Thread.sleep(provisionTime.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AcmeInterruptedException(null, null, e);
                }
            }
            Hold h = hold;
            if (h != null && h.identifier().equals(context.identifier())) {
                h.entered().countDown();
                try {
                    h.release().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    internet.record("interrupted while provisioning " + describe(context));
                    throw new AcmeInterruptedException(null, null, e);
                }
            }
            if (provisioningFails.test(context.identifier())) {
                internet.record("failed to provision " + describe(context));
                throw new ProvisioningException("cannot provision " + describe(context));
            }
            publish(context);
            FakeProvision p = new FakeProvision(context);
            provisions.add(p);
            internet.record("provisioned " + describe(context));
            return p;
        } finally {
            concurrentProvisions.decrementAndGet();
            callsInProgress.decrementAndGet();
        }
    }

    /** Every provision handed out, in the order they were made. */
    List<FakeProvision> provisions() {
        synchronized (provisions) {
            return List.copyOf(provisions);
        }
    }

    /** The identifiers provisioned, in the order they were provisioned. */
    List<Identifier> provisionedIdentifiers() {
        return provisions().stream().map(p -> p.context().identifier()).toList();
    }

    /** How many calls into this responder or its provisions are running right now. */
    int callsInProgress() {
        return callsInProgress.get();
    }

    static String describe(ChallengeContext context) {
        return context.type() + " " + context.identifier();
    }

    private void publish(ChallengeContext c) {
        c.httpResource().ifPresent(r -> internet.serveFile(c.identifier().value(), r.path(), r.content()));
        c.dnsRecord().ifPresent(r -> internet.addTxt(r.name(), r.value()));
        c.tlsAlpn().ifPresent(t -> internet.presentAlpnCertificate(t.serverName(), t.digest()));
    }

    private void unpublish(ChallengeContext c) {
        c.httpResource().ifPresent(r -> internet.removeFile(c.identifier().value(), r.path()));
        c.dnsRecord().ifPresent(r -> internet.removeTxt(r.name(), r.value()));
        c.tlsAlpn().ifPresent(t -> internet.removeAlpnCertificate(t.serverName()));
    }

    /** What {@link #provision} returned: counts how often the flow awaited and closed it. */
    final class FakeProvision implements Provision {
        private final ChallengeContext context;
        private final AtomicInteger readyCalls = new AtomicInteger();
        private final AtomicInteger closeCalls = new AtomicInteger();

        private FakeProvision(ChallengeContext context) {
            this.context = context;
        }

        ChallengeContext context() {
            return context;
        }

        int readyCalls() {
            return readyCalls.get();
        }

        int closeCalls() {
            return closeCalls.get();
        }

        @Override
        public void awaitReady(Duration timeout) throws AcmeException {
            callsInProgress.incrementAndGet();
            try {
                readyCalls.incrementAndGet();
                Throwing t = throwing;
                if (t != null) {
                    t.maybeThrow(Call.AWAIT_READY, context.identifier());
                }
                CountDownLatch held = readinessHeld;
                if (held != null) {
                    held.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        internet.record("interrupted while awaiting " + describe(context));
                        throw new AcmeInterruptedException(null, null, e);
                    }
                }
                internet.record("ready " + describe(context));
                if (neverReady) {
                    throw new ProvisioningException(describe(context) + " not visible within " + timeout);
                }
            } finally {
                callsInProgress.decrementAndGet();
            }
        }

        @Override
        public void close() throws AcmeException {
            callsInProgress.incrementAndGet();
            try {
                closeCalls.incrementAndGet();
                Throwing t = throwing;
                if (t != null) {
                    t.maybeThrow(Call.CLOSE, context.identifier());
                }
                if (Thread.currentThread().isInterrupted()) {
                    // Like a DNS API call or any other blocking I/O, removal fails on an interrupted thread.
                    internet.record("interrupted while cleaning up " + describe(context));
                    throw new AcmeInterruptedException(null, null, new InterruptedException("cleaning up"));
                }
                if (cleanUpFails) {
                    internet.record("failed to clean up " + describe(context));
                    throw new ProvisioningException("cannot remove " + describe(context));
                }
                unpublish(context);
                internet.record("cleaned up " + describe(context));
            } finally {
                callsInProgress.decrementAndGet();
            }
        }

        @Override
        public String toString() {
            return "FakeProvision[" + describe(context) + ", ready=" + readyCalls + ", closed=" + closeCalls + "]";
        }
    }
}
