package org.certwright.acme.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.CertificateId;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.crypto.Pem;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AlreadyReplacedException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ValidationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a set of certificates valid without a person: obtains the missing ones, renews each when
 * {@link RenewalPolicy} says (ACME Renewal Information first), backs off after failures, keeps
 * everything in a {@link CertificateStore}, and hands the current key and chain to the
 * application.
 *
 * <pre>{@code
 * CertificateManager manager = CertificateManager.builder()
 *         .client(AcmeClient.builder(URI.create("https://acme-v02.api.letsencrypt.org/directory")).build())
 *         .account(ManagedAccount.agreeingToTerms("mailto:admin@example.com"))
 *         .store(FileCertificateStore.open(Path.of("/var/lib/myapp/acme")))
 *         .certificate(ManagedCertificate.builder().dns("example.com", "www.example.com")
 *                 .responders(httpResponder).build())
 *         .build();
 * manager.start();                                      // never blocks on the network
 * CurrentCertificate cert = manager.awaitValid("example.com", Duration.ofMinutes(2));
 * ...
 * manager.close();                                      // stops maintenance, bounded wait
 * }</pre>
 *
 * <h2>Threads</h2>
 * One timer thread ({@code certwright-manager-timer}) only decides when; the work (store I/O, ARI
 * fetches, issuance) runs on a fixed pool of {@link Builder#workerThreads} threads (2 by default,
 * {@code certwright-manager-N}). The number of threads does not depend on the number of
 * certificates: each certificate has at most one maintenance run queued or running at a time.
 * Threads are made by {@link #start()} and are all gone when {@link #close()} returns.
 *
 * <h2>Several instances on one store</h2>
 * Issuance happens under the certificate's store lock ({@link StoreLayout#certificateLock}) and
 * its results are written with that lease's fencing token, so two managers sharing a store do not
 * both order. A manager that finds the lock held re-reads the store every
 * {@link Builder#pollInterval poll interval} (1 minute by default) and serves what the other one
 * obtained. Every manager also re-reads each certificate from the store at that interval.
 *
 * @since 0.2.0
 */
public final class CertificateManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private enum State { NEW, STARTED, CLOSED }

    private final CertificateStore store;
    private final CertificateSource source;
    private final Clock clock;
    private final RandomGenerator random;
    private final RenewalPolicy policy;
    private final FailureBackoff backoff;
    private final ExpiryWarnings warnings;
    private final List<CertificateManagerListener> listeners;
    private final Duration pollInterval;
    private final Duration leaseDuration;
    private final Duration issuanceDeadline;
    private final Duration closeTimeout;
    private final int workerThreads;
    private final int attemptHistory;
    private final String owner;
    private final Map<String, Entry> entries;
    private final Object stateLock = new Object();
    private State state = State.NEW;
    private ScheduledThreadPoolExecutor timer;
    private ThreadPoolExecutor workers;
    // Joined by close(): an executor reports itself terminated while its last thread is still exiting.
    private final List<Thread> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CertificateManager(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.random = b.random;
        this.policy = b.policy;
        this.backoff = b.backoff;
        this.warnings = b.warnings;
        this.listeners = List.copyOf(b.listeners);
        this.pollInterval = b.pollInterval;
        this.leaseDuration = b.leaseDuration;
        this.issuanceDeadline = b.issuanceDeadline;
        this.closeTimeout = b.closeTimeout;
        this.workerThreads = b.workerThreads;
        this.attemptHistory = b.attemptHistory;
        this.owner = b.owner;
        this.source = b.source != null ? b.source
                : new AcmeCertificateSource(b.client, b.account, b.store, b.owner, issuanceDeadline);
        Map<String, Entry> map = new LinkedHashMap<>();
        for (ManagedCertificate c : b.certificates) {
            if (map.put(c.name(), new Entry(c)) != null) {
                throw new IllegalArgumentException("two managed certificates are named '" + c.name() + "'");
            }
        }
        this.entries = Collections.unmodifiableMap(map);
    }

    /**
     * A builder.
     *
     * @return a builder with the defaults documented on its methods
     * @since 0.2.0
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts maintenance. Reads what the store has for each certificate, so that {@link #current}
     * serves it at once, then returns; everything that needs the network (obtaining missing
     * certificates, ARI, renewals) happens in the background. Starting twice does nothing.
     *
     * @throws IllegalStateException if the manager was closed
     * @since 0.2.0
     */
    public void start() {
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("the certificate manager was closed");
            }
            if (state == State.STARTED) {
                return;
            }
            timer = new ScheduledThreadPoolExecutor(1, threads("certwright-manager-timer"));
            timer.setRemoveOnCancelPolicy(true);
            timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            // The queue holds at most one task per certificate (runs are coalesced), so it is
            // bounded by the number of certificates.
            workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(), threads("certwright-manager-"));
            state = State.STARTED;
        }
        for (Entry e : entries.values()) {
            try {
                reload(e);
            } catch (AcmeException | RuntimeException ex) {
                LOG.warn("Could not read certificate {} from the store; will retry: {}", e.name(), ex.toString());
            }
            e.current.ifPresentOrElse(c -> LOG.info("Serving certificate {} from the store: {}", e.name(), c),
                    () -> LOG.info("No certificate {} in the store yet; obtaining one in the background", e.name()));
            trigger(e);
        }
    }

    /**
     * The certificate served now for a managed certificate.
     *
     * @param name the managed certificate's name
     * @return its key and chain, or empty if there is none yet (it may have expired: see
     *         {@link CurrentCertificate#isValidAt})
     * @throws IllegalArgumentException if no certificate of that name is managed
     * @since 0.2.0
     */
    public Optional<CurrentCertificate> current(String name) {
        return entry(name).current;
    }

    /**
     * Waits until a certificate is valid now.
     *
     * @param name    the managed certificate's name
     * @param timeout how long to wait at most
     * @return the valid certificate
     * @throws TimeoutException         if there is none within the timeout
     * @throws InterruptedException     if the thread was interrupted
     * @throws IllegalStateException    if the manager is closed while waiting
     * @throws IllegalArgumentException if no certificate of that name is managed
     * @since 0.2.0
     */
    public CurrentCertificate awaitValid(String name, Duration timeout) throws TimeoutException, InterruptedException {
        Entry e = entry(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Void> changed = e.changed;
            Optional<CurrentCertificate> c = e.current;
            if (c.isPresent() && c.get().isValidAt(clock.instant())) {
                return c.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no valid certificate " + name + " within " + timeout);
            }
            try {
                changed.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException ex) {
                throw new IllegalStateException("the certificate manager was closed", ex);
            } catch (TimeoutException ex) {
                // loop once more, then report the timeout
            }
        }
    }

    /**
     * Renews a certificate now (or obtains it, if there is none), whatever the renewal time and
     * any backoff; the CA's rate limits still apply. Needs the certificate's store lock like any
     * attempt: if another instance holds it, this attempt waits for the poll interval.
     *
     * @param name the managed certificate's name
     * @return the new certificate, or the failure of the attempt
     * @throws IllegalArgumentException if no certificate of that name is managed
     * @throws IllegalStateException    if the manager is not started
     * @since 0.2.0
     */
    public CompletableFuture<CurrentCertificate> renewNow(String name) {
        Entry e = entry(name);
        requireStarted();
        CompletableFuture<CurrentCertificate> f = new CompletableFuture<>();
        synchronized (e) {
            e.forcedWaiters.add(f);
        }
        e.forced.set(true);
        trigger(e);
        return f;
    }

    /**
     * Snapshots of every managed certificate, for health endpoints.
     *
     * @return one status per certificate, in the order they were added
     * @since 0.2.0
     */
    public List<CertificateStatus> status() {
        List<CertificateStatus> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            Optional<X509Certificate> leaf = e.current.map(CurrentCertificate::leaf);
            ManagedCertificateMetadata m = e.metadata;
            out.add(new CertificateStatus(e.name(), e.spec.identifiers(),
                    leaf.map(l -> l.getSerialNumber().toString(16)), leaf.map(l -> l.getNotAfter().toInstant()),
                    leaf.map(l -> l.getIssuerX500Principal().getName()), m.caId(), e.nextRun, e.nextReason,
                    m.backoff().notBefore(), m.lastError()));
        }
        return out;
    }

    /**
     * The managed certificates.
     *
     * @return the descriptions, in the order they were added
     * @since 0.2.0
     */
    public List<ManagedCertificate> certificates() {
        return entries.values().stream().map(e -> e.spec).toList();
    }

    /**
     * Stops maintenance: no new work starts, an issuance in flight is interrupted (which removes
     * its provisions), a pass busy with the store or an ARI request is let finish, and this waits
     * for the threads to end, at most the {@link Builder#closeTimeout close timeout} (then they are
     * interrupted). Leases held are released. Closing twice does
     * nothing; an interrupt while waiting stops the wait and is kept.
     *
     * @since 0.2.0
     */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor t;
        ThreadPoolExecutor w;
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            t = timer;
            w = workers;
        }
        if (t != null) {
            t.shutdownNow();
            // Only issuances are interrupted: a pass that is reading or writing the store finishes,
            // so that what it learnt (a chosen ARI instant, say) is saved; queued passes see the
            // manager closed and return at once.
            w.shutdown();
            for (Entry e : entries.values()) {
                Thread issuing = e.issuing;
                if (issuing != null) {
                    issuing.interrupt();
                }
            }
            try {
                long deadline = System.nanoTime() + closeTimeout.toNanos();
                if (!w.awaitTermination(closeTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    LOG.warn("Certificate manager threads still busy {} after close; interrupting them", closeTimeout);
                    w.shutdownNow();
                }
                if (!t.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    LOG.warn("The certificate manager's timer thread did not end within {}", closeTimeout);
                }
                for (Thread thread : started) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
                }
            } catch (InterruptedException ex) {
                w.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        for (Entry e : entries.values()) {
            failWaiters(e, new CancellationException("the certificate manager was closed"));
            e.changed.cancel(false);
        }
        LOG.info("Certificate manager stopped");
    }

    /**
     * Runs one maintenance pass for a certificate now and waits for it: for tests that drive the
     * manager with a simulated clock.
     */
    CompletableFuture<Void> maintainNow(String name) {
        Entry e = entry(name);
        requireStarted();
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (e) {
            e.passWaiters.add(f);
        }
        trigger(e);
        return f;
    }

    private Entry entry(String name) {
        Entry e = entries.get(Objects.requireNonNull(name, "name"));
        if (e == null) {
            throw new IllegalArgumentException("no managed certificate is named '" + name + "'; managed: "
                    + entries.keySet());
        }
        return e;
    }

    private void requireStarted() {
        synchronized (stateLock) {
            if (state != State.STARTED) {
                throw new IllegalStateException("the certificate manager is " + state.name().toLowerCase() + ", not started");
            }
        }
    }

    // ---- scheduling

    /** Asks for a maintenance run; runs asked for while one is queued or running are coalesced. */
    private void trigger(Entry e) {
        if (e.requests.getAndIncrement() == 0) {
            try {
                workers.execute(() -> runLoop(e));
            } catch (RejectedExecutionException ex) {
                e.requests.set(0); // closed
            }
        }
    }

    private void runLoop(Entry e) {
        int n;
        do {
            n = e.requests.get();
            List<CompletableFuture<Void>> waiting;
            synchronized (e) {
                waiting = new ArrayList<>(e.passWaiters);
                e.passWaiters.clear();
            }
            try {
                maintain(e);
            } catch (RuntimeException | Error ex) {
                LOG.error("Maintenance of certificate {} failed unexpectedly; retrying in {}", e.name(), pollInterval, ex);
                scheduleAt(e, clock.instant().plus(pollInterval));
            } finally {
                waiting.forEach(f -> f.complete(null));
            }
            if (Thread.currentThread().isInterrupted()) {
                e.requests.set(0);
                return;
            }
        } while (e.requests.addAndGet(-n) != 0);
    }

    private void scheduleAt(Entry e, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        synchronized (e) {
            if (e.timerTask != null) {
                e.timerTask.cancel(false);
            }
            try {
                e.timerTask = timer.schedule(() -> trigger(e), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ex) {
                e.timerTask = null; // closed
            }
        }
    }

    private ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            started.add(t);
            return t;
        };
    }

    // ---- one maintenance pass

    private void maintain(Entry e) {
        if (isClosed()) {
            return;
        }
        Instant now = clock.instant();
        try {
            reload(e);
        } catch (AcmeException ex) {
            LOG.warn("Could not read certificate {} from the store; retrying in {}: {}", e.name(), pollInterval,
                    ex.toString());
            scheduleAt(e, now.plus(pollInterval));
            return;
        }
        boolean forced = e.forced.get();
        Optional<CurrentCertificate> current = e.current;
        Instant next = now.plus(pollInterval);
        if (current.isPresent()) {
            RenewalDecision d = decide(e, current.get(), now);
            announce(e, d.renewAt(), d.reason());
            if (!d.isDue() && !forced) {
                if (d.renewAt().isBefore(next)) {
                    next = d.renewAt();
                }
                scheduleAt(e, next);
                return;
            }
        } else {
            e.nextReason = Optional.empty();
            e.nextRun = Optional.of(now);
        }
        BackoffState b = e.metadata.backoff();
        if (!forced && !b.mayAttemptAt(now)) {
            Instant until = b.notBefore().orElseThrow();
            e.nextRun = Optional.of(until);
            scheduleAt(e, until.isBefore(next) ? until : next);
            return;
        }
        attempt(e, forced, now);
    }

    /** Decides when to renew, asking the issuing CA for ARI when it is due, and raises expiry warnings. */
    private RenewalDecision decide(Entry e, CurrentCertificate current, Instant now) {
        ManagedCertificateMetadata m = e.metadata;
        CertificateValidity validity = CertificateValidity.of(current.leaf());
        boolean ari = ariApplies(m, current);
        Optional<RenewalInfo> fresh = Optional.empty();
        if (ari && policy.isAriCheckDue(m.ari(), now)) {
            try {
                fresh = Optional.of(source.renewalInfo(current.leaf()));
            } catch (AcmeInterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (AcmeException ex) {
                LOG.info("Could not fetch renewal information for certificate {}; using what is stored: {}",
                        e.name(), ex.toString());
            }
        }
        RenewalDecision d = policy.decide(validity, ari ? m.ari() : Optional.empty(), fresh, now, random);
        fresh.flatMap(RenewalInfo::explanationUrl).ifPresent(u -> LOG.info(
                "The CA explains the renewal window of certificate {} at {}", e.name(), u));
        // A warning means "should have been renewed and was not": only a certificate whose renewal
        // is due and whose last attempt failed is checked. Otherwise a 6-day certificate would be
        // "expiring within 7 days" from the moment it was issued.
        boolean renewalFailing = d.isDue() && m.backoff().consecutiveFailures() > 0;
        ExpiryWarningCheck w = renewalFailing ? warnings.check(validity, m.warnings(), now)
                : new ExpiryWarningCheck(List.of(), m.warnings(), false);
        for (Duration threshold : w.newlyCrossed()) {
            LOG.warn("Certificate {} expires at {} (less than {} left) and is not renewed yet", e.name(),
                    validity.notAfter(), threshold);
            notify(l -> l.expiringSoon(e.name(), validity.notAfter(), threshold));
        }
        if ((ari && d.ariStateChanged()) || w.stateChanged()) {
            ManagedCertificateMetadata updated = m.withAri(ari ? d.ariState() : m.ari()).withWarnings(w.state());
            e.metadata = updated;
            persistMetadata(e, updated);
        }
        return d;
    }

    private boolean issuedHere(ManagedCertificateMetadata m) {
        return m.caId().map(source.caId()::equals).orElse(false);
    }

    /**
     * Whether ARI is asked about a certificate: only the issuing CA is, only if it offers ARI,
     * and only for a certificate that has the Authority Key Identifier its ARI id is made from.
     */
    private boolean ariApplies(ManagedCertificateMetadata m, CurrentCertificate current) {
        return issuedHere(m) && ariId(current).isPresent() && supportsAri();
    }

    private static Optional<CertificateId> ariId(CurrentCertificate current) {
        try {
            return Optional.of(CertificateId.of(current.leaf()));
        } catch (IllegalArgumentException noAuthorityKeyId) {
            return Optional.empty();
        }
    }

    private boolean supportsAri() {
        try {
            return source.supportsRenewalInfo();
        } catch (AcmeInterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (AcmeException ex) {
            LOG.info("Could not learn whether the CA offers renewal information: {}", ex.toString());
            return false;
        }
    }

    /** Writes metadata that is not the result of an issuance, under a short hold of the lock. */
    private void persistMetadata(Entry e, ManagedCertificateMetadata m) {
        try {
            Optional<StoreLease> lease = store.tryLock(e.lockName(), owner, Duration.ofMinutes(1));
            if (lease.isEmpty()) {
                return; // the holder is working on this certificate and will write its own
            }
            try {
                write(e, StoreLayout.certificateMetadata(e.name()), m.toJson(), lease.get());
            } finally {
                release(e, lease.get());
            }
        } catch (AcmeException ex) {
            LOG.warn("Could not save the renewal state of certificate {}: {}", e.name(), ex.toString());
        }
    }

    private void announce(Entry e, Instant at, RenewalReason reason) {
        e.nextRun = Optional.of(at);
        Optional<RenewalReason> r = Optional.of(reason);
        if (!at.equals(e.announcedAt) || !r.equals(e.nextReason)) {
            e.announcedAt = at;
            e.nextReason = r;
            LOG.info("Certificate {} will be renewed at {} ({})", e.name(), at, reason);
            notify(l -> l.renewalScheduled(e.name(), at, reason));
        }
    }

    private void attempt(Entry e, boolean forced, Instant now) {
        Optional<StoreLease> lease;
        try {
            lease = store.tryLock(e.lockName(), owner, leaseDuration);
        } catch (AcmeException ex) {
            LOG.warn("Could not take the store lock of certificate {}; retrying in {}: {}", e.name(), pollInterval,
                    ex.toString());
            scheduleAt(e, now.plus(pollInterval));
            return;
        }
        if (lease.isEmpty()) {
            LOG.info("Another instance is working on certificate {}; reading the store again in {}", e.name(),
                    pollInterval);
            e.nextRun = Optional.of(now.plus(pollInterval));
            scheduleAt(e, now.plus(pollInterval));
            return;
        }
        Optional<CurrentCertificate> before = e.current;
        ChallengeTypeRecorder recorder = new ChallengeTypeRecorder();
        AtomicReference<StoreLease> held = new AtomicReference<>(lease.get());
        ScheduledFuture<?> keeper = keepLease(e, held);
        try {
            // Another instance may have finished just before we took the lock.
            reload(e);
            if (!forced && e.current.isPresent() && !e.current.equals(before)) {
                trigger(e);
                return;
            }
            e.forced.set(false);
            IssuedCertificate issued;
            e.issuing = Thread.currentThread();
            try {
                // close() sets the state before it looks for issuing threads, this thread the
                // reverse: one of them sees the other, so no issuance starts unseen after close.
                if (isClosed()) {
                    return;
                }
                issued = issue(e, recorder);
            } finally {
                e.issuing = null;
            }
            String challengeType = recorder.last;
            KeyPair key = issued.keyPair().or(() -> e.current.filter(c -> e.spec.reuseKeyOnRenewal())
                    .map(CurrentCertificate::keyPair)).orElseThrow(() -> new AcmeException(
                            "the issuer returned no key pair for certificate " + e.name()));
            CurrentCertificate fresh = new CurrentCertificate(key, issued.certificate().chain());
            Instant done = clock.instant();
            ManagedCertificateMetadata m = e.metadata.succeeded(source.caId(), new AttemptRecord(done, true,
                    source.caId(), Optional.empty(), Optional.empty(), Optional.ofNullable(challengeType)), attemptHistory);
            byte[] chainPem = Pem.encodeCertificates(fresh.chain()).getBytes(StandardCharsets.US_ASCII);
            write(e, StoreLayout.certificateKey(e.name()),
                    Pem.encodePrivateKey(key.getPrivate()).getBytes(StandardCharsets.US_ASCII), held.get());
            write(e, StoreLayout.certificateChain(e.name()), chainPem, held.get());
            write(e, StoreLayout.certificateMetadata(e.name()), m.toJson(), held.get());
            e.metadata = m;
            e.metadataBytes = null;
            e.chainBytes = chainPem;
            e.nextReason = Optional.empty();
            e.announcedAt = null;
            setCurrent(e, fresh);
            if (before.isPresent()) {
                LOG.info("Renewed certificate {}: {} (was {})", e.name(), fresh, before.get());
                notify(l -> l.renewed(e.name(), before.get(), fresh));
            } else {
                LOG.info("Obtained certificate {}: {}", e.name(), fresh);
                notify(l -> l.obtained(e.name(), fresh));
            }
            completeWaiters(e, fresh);
            trigger(e); // to choose the renewal time of the new certificate
        } catch (AcmeInterruptedException ex) {
            Thread.currentThread().interrupt();
            LOG.info("Attempt for certificate {} stopped: the manager is closing", e.name());
        } catch (AcmeException ex) {
            if (isClosed()) {
                Thread.currentThread().interrupt();
                return;
            }
            failed(e, ex, recorder.last, held.get());
        } finally {
            if (keeper != null) {
                keeper.cancel(false);
            }
            release(e, held.get());
        }
    }

    /**
     * Renews the lease every third of its duration while the issuance runs, so that the lease can
     * be short (a crashed holder's lock is free soon) however long the CA takes. Runs on the timer
     * thread: a renewal is one small store write.
     */
    private ScheduledFuture<?> keepLease(Entry e, AtomicReference<StoreLease> held) {
        long period = Math.max(1, leaseDuration.toMillis() / 3);
        try {
            return timer.scheduleWithFixedDelay(() -> {
                try {
                    held.set(store.renew(held.get(), leaseDuration));
                } catch (AcmeException | RuntimeException ex) {
                    // The fenced writes will be refused if the lease is really lost; say why.
                    LOG.warn("Could not renew the store lock of certificate {}: {}", e.name(), ex.toString());
                }
            }, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    /**
     * Releases a lease even when the thread was interrupted (by {@link #close()}): the release is
     * the clean-up, and the store's waits give up on an interrupted thread. The interrupt is kept.
     */
    private void release(Entry e, StoreLease lease) {
        boolean interrupted = Thread.interrupted();
        try {
            store.release(lease);
        } catch (AcmeException ex) {
            LOG.warn("Could not release the store lock of certificate {}: {}", e.name(), ex.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private IssuedCertificate issue(Entry e, ChallengeTypeRecorder recorder) throws AcmeException {
        Optional<CertificateId> replaces = e.current.filter(c -> ariApplies(e.metadata, c)).flatMap(CertificateManager::ariId);
        try {
            return source.issue(request(e, replaces, recorder));
        } catch (AlreadyReplacedException ex) {
            if (replaces.isEmpty()) {
                throw ex;
            }
            LOG.info("Certificate {} was already replaced at the CA; ordering again without 'replaces'", e.name());
            return source.issue(request(e, Optional.empty(), recorder));
        }
    }

    private IssuanceRequest request(Entry e, Optional<CertificateId> replaces, IssuanceListener listener) {
        ManagedCertificate spec = e.spec;
        IssuanceRequest.Builder b = spec.toRequest(listener).deadline(issuanceDeadline);
        replaces.ifPresent(b::replaces);
        if (spec.reuseKeyOnRenewal()) {
            e.current.ifPresent(c -> b.domainKey(c.keyPair()));
        }
        return b.build();
    }

    private void failed(Entry e, AcmeException ex, String challengeType, StoreLease lease) {
        Instant now = clock.instant();
        Optional<String> type = ex instanceof ProblemException p ? Optional.of(p.problem().type().toString())
                : Optional.of(ex.getClass().getName());
        AttemptRecord attempt = new AttemptRecord(now, false, source.caId(), type,
                Optional.ofNullable(ex.getMessage()), Optional.ofNullable(challengeType));
        BackoffState b = backoff.onFailure(e.metadata.backoff(), now, ex, random);
        ManagedCertificateMetadata m = e.metadata.failed(b, attempt, attemptHistory);
        e.metadata = m;
        try {
            write(e, StoreLayout.certificateMetadata(e.name()), m.toJson(), lease);
        } catch (AcmeException storeFailure) {
            LOG.warn("Could not save the failed attempt of certificate {}: {}", e.name(), storeFailure.toString());
        }
        Instant until = b.notBefore().orElseThrow();
        LOG.warn("Attempt {} for certificate {} failed ({}); {}; next attempt not before {}", b.consecutiveFailures(),
                e.name(), ex.getMessage(), e.current.isPresent() ? "still serving the current certificate"
                        : "no certificate to serve yet", until);
        notify(l -> l.attemptFailed(e.name(), attempt, ex));
        notify(l -> l.backingOff(e.name(), until, b.consecutiveFailures()));
        failWaiters(e, ex);
        e.nextRun = Optional.of(until);
        scheduleAt(e, until);
    }

    private void write(Entry e, String blob, byte[] content, StoreLease lease) throws AcmeException {
        store.write(blob, content, lease);
    }

    // ---- reading the store

    /**
     * Reads the certificate's metadata, key and chain from the store, and serves a chain that
     * differs from the one in memory (another instance renewed it, or this is the first read).
     */
    private void reload(Entry e) throws AcmeException {
        Optional<byte[]> meta = store.read(StoreLayout.certificateMetadata(e.name()));
        if (meta.isPresent() && !Arrays.equals(meta.get(), e.metadataBytes)) {
            try {
                e.metadata = ManagedCertificateMetadata.fromJson(StoreLayout.certificateMetadata(e.name()), meta.get());
            } catch (StoreException unreadable) {
                // The metadata only advises (ARI choice, backoff, warnings); a certificate that is
                // there must still be served. The next write replaces the unreadable document.
                LOG.warn("Ignoring the unreadable metadata of certificate {}: {}", e.name(), unreadable.getMessage());
                e.metadata = ManagedCertificateMetadata.EMPTY;
            }
            e.metadataBytes = meta.get();
        }
        Optional<byte[]> chain = store.read(StoreLayout.certificateChain(e.name()));
        if (chain.isEmpty() || Arrays.equals(chain.get(), e.chainBytes)) {
            return;
        }
        Optional<byte[]> key = store.read(StoreLayout.certificateKey(e.name()));
        if (key.isEmpty()) {
            LOG.warn("Certificate {} has a chain but no key in the store; ignoring it", e.name());
            return;
        }
        CurrentCertificate loaded;
        try {
            loaded = new CurrentCertificate(Pem.readKeyPair(new String(key.get(), StandardCharsets.US_ASCII)),
                    Pem.readCertificates(new String(chain.get(), StandardCharsets.US_ASCII)));
        } catch (RuntimeException ex) {
            throw new StoreException("the stored certificate cannot be read: " + ex.getMessage(),
                    StoreLayout.certificateLock(e.name()), ex);
        }
        if (!loaded.leaf().getPublicKey().equals(loaded.keyPair().getPublic())) {
            // A writer is between its key and chain writes; the next read will see both.
            LOG.info("Certificate {} in the store does not match its key yet; reading again later", e.name());
            return;
        }
        e.chainBytes = chain.get();
        if (e.current.isPresent()) {
            LOG.info("Certificate {} was updated in the store: {}", e.name(), loaded);
            e.nextReason = Optional.empty();
            e.announcedAt = null;
        }
        setCurrent(e, loaded);
    }

    private void setCurrent(Entry e, CurrentCertificate c) {
        e.current = Optional.of(c);
        CompletableFuture<Void> old = e.changed;
        e.changed = new CompletableFuture<>();
        old.complete(null);
        notify(l -> l.updated(e.name(), c));
    }

    // ---- waiters and listeners

    private void completeWaiters(Entry e, CurrentCertificate c) {
        List<CompletableFuture<CurrentCertificate>> ws;
        synchronized (e) {
            ws = new ArrayList<>(e.forcedWaiters);
            e.forcedWaiters.clear();
        }
        ws.forEach(f -> f.complete(c));
    }

    private void failWaiters(Entry e, Exception ex) {
        List<CompletableFuture<CurrentCertificate>> ws;
        List<CompletableFuture<Void>> passes;
        synchronized (e) {
            ws = new ArrayList<>(e.forcedWaiters);
            e.forcedWaiters.clear();
            passes = ex instanceof CancellationException ? new ArrayList<>(e.passWaiters) : List.of();
            if (!passes.isEmpty()) {
                e.passWaiters.clear();
            }
        }
        e.forced.set(false);
        ws.forEach(f -> f.completeExceptionally(ex));
        passes.forEach(f -> f.completeExceptionally(ex));
    }

    private void notify(Consumer<CertificateManagerListener> event) {
        for (CertificateManagerListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException ex) {
                LOG.warn("A certificate manager listener threw; ignored", ex);
            }
        }
    }

    private boolean isClosed() {
        synchronized (stateLock) {
            return state == State.CLOSED;
        }
    }

    /** Remembers the last challenge type the issuance provisioned, for the attempt record. */
    private static final class ChallengeTypeRecorder implements IssuanceListener {
        volatile String last;

        @Override
        public void challengeProvisioned(ChallengeContext context) {
            last = context.type();
        }

        @Override
        public void validationFailed(org.certwright.acme.Identifier identifier, String challengeType,
                                     ValidationFailedException failure) {
            last = challengeType;
        }
    }

    /** A managed certificate's state in memory. Fields are written by its single maintenance run. */
    private static final class Entry {
        final ManagedCertificate spec;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicBoolean forced = new AtomicBoolean();
        final List<CompletableFuture<CurrentCertificate>> forcedWaiters = new ArrayList<>();
        final List<CompletableFuture<Void>> passWaiters = new ArrayList<>();
        volatile Optional<CurrentCertificate> current = Optional.empty();
        volatile CompletableFuture<Void> changed = new CompletableFuture<>();
        volatile ManagedCertificateMetadata metadata = ManagedCertificateMetadata.EMPTY;
        volatile byte[] metadataBytes;
        volatile byte[] chainBytes;
        volatile Optional<Instant> nextRun = Optional.empty();
        volatile Optional<RenewalReason> nextReason = Optional.empty();
        volatile Instant announcedAt;
        volatile Thread issuing;
        ScheduledFuture<?> timerTask; // guarded by this

        Entry(ManagedCertificate spec) {
            this.spec = spec;
        }

        String name() {
            return spec.name();
        }

        String lockName() {
            return StoreLayout.certificateLock(spec.name());
        }
    }

    /**
     * Builds a {@link CertificateManager}.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        /** Renewed every third of it, a shorter lease would be renewed more often than a store write may take. */
        private static final Duration MIN_LEASE = Duration.ofSeconds(3);
        private AcmeClient client;
        private ManagedAccount account;
        private CertificateSource source;
        private CertificateStore store;
        private final List<ManagedCertificate> certificates = new ArrayList<>();
        private final List<CertificateManagerListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private RenewalPolicy policy = RenewalPolicy.defaults();
        private FailureBackoff backoff = FailureBackoff.defaults();
        private ExpiryWarnings warnings = ExpiryWarnings.defaults();
        private Duration pollInterval = Duration.ofMinutes(1);
        private Duration leaseDuration = Duration.ofMinutes(2);
        private Duration issuanceDeadline = Duration.ofMinutes(10);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private int workerThreads = 2;
        private int attemptHistory = 5;
        private String owner = defaultOwner();

        private Builder() {
        }

        private static String defaultOwner() {
            return "pid-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        /**
         * The CA to use, with {@link #account}. Either this or {@link #source} is required.
         *
         * @param acmeClient the CA's client
         * @return this builder
         * @since 0.2.0
         */
        public Builder client(AcmeClient acmeClient) {
            this.client = Objects.requireNonNull(acmeClient, "acmeClient");
            return this;
        }

        /**
         * The account to use with the {@link #client}; created on first use and kept in the store.
         *
         * @param managedAccount the account's description
         * @return this builder
         * @since 0.2.0
         */
        public Builder account(ManagedAccount managedAccount) {
            this.account = Objects.requireNonNull(managedAccount, "managedAccount");
            return this;
        }

        /**
         * Where certificates come from, instead of {@link #client} and {@link #account}: for tests,
         * or for a source that adds something of its own.
         *
         * @param certificateSource the source
         * @return this builder
         * @since 0.2.0
         */
        public Builder source(CertificateSource certificateSource) {
            this.source = Objects.requireNonNull(certificateSource, "certificateSource");
            return this;
        }

        /**
         * Where keys, certificates, their state and the account are kept. Required.
         *
         * @param certificateStore the store
         * @return this builder
         * @since 0.2.0
         */
        public Builder store(CertificateStore certificateStore) {
            this.store = Objects.requireNonNull(certificateStore, "certificateStore");
            return this;
        }

        /**
         * Adds certificates to manage.
         *
         * @param managed certificate descriptions with distinct names
         * @return this builder
         * @since 0.2.0
         */
        public Builder certificate(ManagedCertificate... managed) {
            certificates.addAll(Arrays.asList(managed));
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener
         * @return this builder
         * @since 0.2.0
         */
        public Builder listener(CertificateManagerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * The clock of renewal decisions and records; the system UTC clock by default.
         *
         * @param c the clock
         * @return this builder
         * @since 0.2.0
         */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * The source of the random renewal instant inside an ARI window and of backoff jitter;
         * a {@link SecureRandom} by default.
         *
         * @param r the random generator
         * @return this builder
         * @since 0.2.0
         */
        public Builder random(RandomGenerator r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        /**
         * When to renew; {@link RenewalPolicy#defaults()} by default.
         *
         * @param renewalPolicy the policy
         * @return this builder
         * @since 0.2.0
         */
        public Builder renewalPolicy(RenewalPolicy renewalPolicy) {
            this.policy = Objects.requireNonNull(renewalPolicy, "renewalPolicy");
            return this;
        }

        /**
         * How to back off after failures; {@link FailureBackoff#defaults()} by default.
         *
         * @param failureBackoff the backoff
         * @return this builder
         * @since 0.2.0
         */
        public Builder failureBackoff(FailureBackoff failureBackoff) {
            this.backoff = Objects.requireNonNull(failureBackoff, "failureBackoff");
            return this;
        }

        /**
         * When to warn about approaching expiry; {@link ExpiryWarnings#defaults()} by default.
         *
         * @param expiryWarnings the thresholds
         * @return this builder
         * @since 0.2.0
         */
        public Builder expiryWarnings(ExpiryWarnings expiryWarnings) {
            this.warnings = Objects.requireNonNull(expiryWarnings, "expiryWarnings");
            return this;
        }

        /**
         * How often each certificate is read again from the store (to serve what another instance
         * obtained), and how long to wait when another instance holds its lock; 1 minute by default.
         *
         * @param interval a positive duration
         * @return this builder
         * @since 0.2.0
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /**
         * The lease taken on a certificate's store lock for an issuance; 2 minutes by default. The
         * manager renews it every third of this while the issuance runs, so this is how soon
         * another instance can take over from a holder that crashed.
         *
         * @param duration a positive duration, at most {@link StoreNames#MAX_LEASE}
         * @return this builder
         * @since 0.2.0
         */
        public Builder leaseDuration(Duration duration) {
            this.leaseDuration = positive(duration, "leaseDuration");
            return this;
        }

        /**
         * How long one issuance may take before it is abandoned (its provisions removed); 10
         * minutes by default.
         *
         * @param deadline a positive duration
         * @return this builder
         * @since 0.2.0
         */
        public Builder issuanceDeadline(Duration deadline) {
            this.issuanceDeadline = positive(deadline, "issuanceDeadline");
            return this;
        }

        /**
         * How long {@link CertificateManager#close()} waits for its threads; 30 seconds by default.
         *
         * @param timeout a positive duration
         * @return this builder
         * @since 0.2.0
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * The number of worker threads (store I/O, ARI, issuance); 2 by default. At most this many
         * certificates are obtained at once.
         *
         * @param threads between 1 and 64
         * @return this builder
         * @since 0.2.0
         */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("workerThreads must be between 1 and 64, not " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * How many attempts are kept in each certificate's metadata; 5 by default.
         *
         * @param attempts between 1 and 100
         * @return this builder
         * @since 0.2.0
         */
        public Builder attemptHistory(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("attemptHistory must be between 1 and 100, not " + attempts);
            }
            this.attemptHistory = attempts;
            return this;
        }

        /**
         * Who this manager is in store locks, for diagnostics; the process id and a random suffix
         * by default.
         *
         * @param instanceName a short, unique name
         * @return this builder
         * @since 0.2.0
         */
        public Builder owner(String instanceName) {
            this.owner = Objects.requireNonNull(instanceName, "instanceName");
            return this;
        }

        /**
         * Builds the manager; no thread starts before {@link CertificateManager#start()}.
         *
         * @return the manager
         * @throws IllegalStateException if the store, or both of the CA ({@link #client} with
         *                               {@link #account}, or {@link #source}) are missing, or the
         *                               lease is shorter than 3 seconds or longer than
         *                               {@link StoreNames#MAX_LEASE}
         * @throws IllegalArgumentException if two certificates have the same name
         * @since 0.2.0
         */
        public CertificateManager build() {
            if (store == null) {
                throw new IllegalStateException("a CertificateManager needs a store");
            }
            if (source == null && (client == null || account == null)) {
                throw new IllegalStateException("a CertificateManager needs a client and an account, or a source");
            }
            if (source != null && client != null) {
                throw new IllegalStateException("give either a client (with an account) or a source, not both");
            }
            if (leaseDuration.compareTo(MIN_LEASE) < 0 || leaseDuration.compareTo(StoreNames.MAX_LEASE) > 0) {
                throw new IllegalStateException("the lease (" + leaseDuration + ") must be between " + MIN_LEASE
                        + " and " + StoreNames.MAX_LEASE);
            }
            return new CertificateManager(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }
    }
}
