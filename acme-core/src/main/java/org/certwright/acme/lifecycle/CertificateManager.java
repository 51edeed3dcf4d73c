package org.certwright.acme.lifecycle;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.certwright.acme.AcmeClient;
import org.certwright.acme.problem.AcmeException;
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
 *         .ca(AcmeClient.builder(CaPreset.LETS_ENCRYPT).build(),
 *                 ManagedAccount.agreeingToTerms("mailto:admin@example.com"))
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

    private final ManagerSettings settings;
    private final ListenerFanout listeners;
    private final StoredCertificates stored;
    private final MaintenanceScheduler scheduler;
    private final MaintenancePass pass;
    private final List<CertificateSource> sources;
    private final Object stateLock = new Object();
    // Replaced as a whole under stateLock, so readers iterate a stable copy in the order of addition.
    private volatile Map<String, ManagedEntry> entries;
    private State state = State.NEW;

    private CertificateManager(Builder b) {
        this.settings = new ManagerSettings(b.store, b.clock, b.random, b.policy, b.backoff, b.warnings,
                b.pollInterval, b.leaseDuration, b.issuanceDeadline, b.closeTimeout, b.workerThreads,
                b.attemptHistory, b.owner);
        this.listeners = new ListenerFanout(b.listeners);
        this.stored = new StoredCertificates(b.store, b.owner, listeners);
        List<CertificateSource> all = new ArrayList<>();
        for (Object ca : b.cas) {
            all.add(ca instanceof CertificateSource s ? s : ((ManagedCa) ca).source(b.store, b.owner, b.issuanceDeadline));
        }
        this.sources = List.copyOf(all);
        CaPreference cas = new CaPreference(sources, b.failuresBeforeFallback);
        this.scheduler = new MaintenanceScheduler(b.workerThreads, b.clock, b.pollInterval, this::maintain);
        LeasedIssuance issuance = new LeasedIssuance(settings, stored, scheduler, listeners, cas, this::isClosed);
        this.pass = new MaintenancePass(settings, stored, scheduler, issuance, cas, listeners, this::isClosed);
        Map<String, ManagedEntry> map = new LinkedHashMap<>();
        for (ManagedCertificate c : b.certificates) {
            if (map.put(c.name(), new ManagedEntry(c)) != null) {
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
            state = State.STARTED;
        }
        // Parsing thousands of stored keys takes seconds on one core: all of the pool's share it.
        Collection<ManagedEntry> all = entries.values();
        scheduler.forEachAndWait(all, this::load);
        long served = all.stream().filter(e -> e.current.isPresent()).count();
        LOG.info("Certificate manager started: {} certificate(s) served from the store, {} to obtain", served,
                all.size() - served);
        for (ManagedEntry e : all) {
            scheduler.trigger(e);
        }
    }

    /** Serves what the store has for a certificate, then leaves the rest to the background. */
    private void begin(ManagedEntry e) {
        load(e);
        scheduler.trigger(e);
    }

    private void load(ManagedEntry e) {
        try {
            stored.reload(e);
        } catch (AcmeException | RuntimeException ex) {
            LOG.warn("Could not read certificate {} from the store; will retry: {}", e.name(), ex.toString());
        }
        e.current.ifPresentOrElse(c -> LOG.debug("Serving certificate {} from the store: {}", e.name(), c),
                () -> LOG.debug("No certificate {} in the store yet; obtaining one in the background", e.name()));
    }

    /**
     * Manages one more certificate. On a started manager, what the store has for it is served at
     * once (this reads the store) and it is obtained in the background if missing.
     *
     * @param certificate the certificate's description
     * @throws IllegalArgumentException if a certificate of that name is already managed
     * @throws IllegalStateException    if the manager was closed
     * @since 0.2.0
     */
    public void add(ManagedCertificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        ManagedEntry e = new ManagedEntry(certificate);
        boolean started;
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("the certificate manager was closed");
            }
            if (entries.containsKey(certificate.name())) {
                throw new IllegalArgumentException("a certificate named '" + certificate.name() + "' is already managed");
            }
            Map<String, ManagedEntry> copy = new LinkedHashMap<>(entries);
            copy.put(certificate.name(), e);
            entries = Collections.unmodifiableMap(copy);
            started = state == State.STARTED;
        }
        LOG.info("Managing certificate {} for {}", certificate.name(), certificate.identifiers());
        if (started) {
            begin(e);
        }
    }

    /**
     * Stops managing a certificate: it is no longer renewed, an attempt in flight is abandoned
     * (its provisions removed), waits on it end with a {@link CancellationException}, and
     * listeners hear {@link CertificateManagerListener#removed} (a {@link ManagedKeyManager}
     * stops serving it). What the store holds for it is kept, so adding it again serves it at once;
     * delete its blobs ({@link StoreLayout}) to forget it.
     *
     * @param name the managed certificate's name
     * @return whether a certificate of that name was managed
     * @since 0.2.0
     */
    public boolean remove(String name) {
        Objects.requireNonNull(name, "name");
        ManagedEntry e;
        synchronized (stateLock) {
            e = entries.get(name);
            if (e == null) {
                return false;
            }
            Map<String, ManagedEntry> copy = new LinkedHashMap<>(entries);
            copy.remove(name);
            entries = Collections.unmodifiableMap(copy);
        }
        e.removed.set(true);
        scheduler.cancel(e);
        Thread issuing = e.issuing;
        if (issuing != null) {
            issuing.interrupt();
        }
        e.cancelAll("certificate " + name + " is no longer managed");
        LOG.info("No longer managing certificate {}", name);
        listeners.notify(l -> l.removed(name));
        return true;
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
     * @throws IllegalStateException    if the manager is closed, or the certificate removed, while waiting
     * @throws IllegalArgumentException if no certificate of that name is managed
     * @since 0.2.0
     */
    public CurrentCertificate awaitValid(String name, Duration timeout) throws TimeoutException, InterruptedException {
        ManagedEntry e = entry(name);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CompletableFuture<Void> changed = e.changed;
            Optional<CurrentCertificate> c = e.current;
            if (c.isPresent() && c.get().isValidAt(settings.clock().instant())) {
                return c.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no valid certificate " + name + " within " + timeout);
            }
            try {
                changed.get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | CancellationException ex) {
                throw new IllegalStateException(e.removed.get() ? "certificate " + name + " is no longer managed"
                        : "the certificate manager was closed", ex);
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
        ManagedEntry e = entry(name);
        requireStarted();
        CompletableFuture<CurrentCertificate> f = new CompletableFuture<>();
        e.addForcedWaiter(f);
        e.forced.set(true);
        scheduler.trigger(e);
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
        for (ManagedEntry e : entries.values()) {
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
     * The ids of the CAs this manager orders from, in order of preference (see
     * {@link Builder#ca}); a certificate's {@link CertificateStatus#issuingCa()} is one of them.
     *
     * @return the CA ids ({@link StoreLayout#caId})
     * @since 0.2.0
     */
    public List<String> caIds() {
        return sources.stream().map(CertificateSource::caId).toList();
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
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        // Only issuances are interrupted: a pass that is reading or writing the store finishes, so
        // that what it learnt (a chosen ARI instant, say) is saved; queued passes see the manager
        // closed and return at once.
        scheduler.shutdown(settings.closeTimeout(), entries.values());
        for (ManagedEntry e : entries.values()) {
            e.cancelAll("the certificate manager was closed");
        }
        LOG.info("Certificate manager stopped");
    }

    /**
     * Runs one maintenance pass for a certificate now and waits for it: for tests that drive the
     * manager with a simulated clock.
     */
    CompletableFuture<Void> maintainNow(String name) {
        ManagedEntry e = entry(name);
        requireStarted();
        CompletableFuture<Void> f = new CompletableFuture<>();
        e.addPassWaiter(f);
        scheduler.trigger(e);
        return f;
    }

    private void maintain(ManagedEntry e) {
        pass.maintain(e);
    }

    private ManagedEntry entry(String name) {
        ManagedEntry e = entries.get(Objects.requireNonNull(name, "name"));
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

    private boolean isClosed() {
        synchronized (stateLock) {
            return state == State.CLOSED;
        }
    }

    /** A CA given as a client and an account; its source is made once the store is known. */
    private record ManagedCa(AcmeClient client, ManagedAccount account) {
        CertificateSource source(CertificateStore store, String owner, Duration accountWait) {
            return new AcmeCertificateSource(client, account, store, owner, accountWait);
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
        // ManagedCa or CertificateSource, in order of preference
        private final List<Object> cas = new ArrayList<>();
        private int failuresBeforeFallback = 3;
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
         * A CA to order from, with the account to use there (created on first use and kept in the
         * store). Give several, in order of preference: every order goes to the first, and moves to
         * the next when one keeps failing (see {@link #failuresBeforeFallback}). Each certificate
         * remembers which CA issued it; only that CA is asked for its renewal information.
         *
         * <pre>{@code
         * builder.ca(AcmeClient.builder(CaPreset.LETS_ENCRYPT).build(), ManagedAccount.agreeingToTerms(contact))
         *        .ca(AcmeClient.builder(CaPreset.GOOGLE).build(),
         *            ManagedAccount.agreeingToTerms(contact).withExternalAccountBinding(eab));
         * }</pre>
         *
         * @param acmeClient     the CA's client
         * @param managedAccount the account's description
         * @return this builder
         * @since 0.2.0
         */
        public Builder ca(AcmeClient acmeClient, ManagedAccount managedAccount) {
            cas.add(new ManagedCa(Objects.requireNonNull(acmeClient, "acmeClient"),
                    Objects.requireNonNull(managedAccount, "managedAccount")));
            return this;
        }

        /**
         * A source of certificates taking the place of a {@link #ca CA}, in the same order of
         * preference: for tests, or for a source that adds something of its own.
         *
         * @param certificateSource the source
         * @return this builder
         * @since 0.2.0
         */
        public Builder source(CertificateSource certificateSource) {
            cas.add(Objects.requireNonNull(certificateSource, "certificateSource"));
            return this;
        }

        /**
         * How many attempts in a row may fail at one CA before the next one in the order of
         * preference is tried; 3 by default. A rate limit, or an account the CA refuses, moves on
         * after one. With a single CA, this has no effect.
         *
         * @param failures between 1 and {@link #attemptHistory} (the attempts are counted in it)
         * @return this builder
         * @since 0.2.0
         */
        public Builder failuresBeforeFallback(int failures) {
            if (failures < 1 || failures > 100) {
                throw new IllegalArgumentException("failuresBeforeFallback must be between 1 and 100, not " + failures);
            }
            this.failuresBeforeFallback = failures;
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
         * @throws IllegalStateException if the store or a CA ({@link #ca} or {@link #source}) is
         *                               missing, a CA is given twice, or the
         *                               lease is shorter than 3 seconds or longer than
         *                               {@link StoreNames#MAX_LEASE}
         * @throws IllegalArgumentException if two certificates have the same name
         * @since 0.2.0
         */
        public CertificateManager build() {
            if (store == null) {
                throw new IllegalStateException("a CertificateManager needs a store");
            }
            if (cas.isEmpty()) {
                throw new IllegalStateException("a CertificateManager needs a CA: ca(client, account) or source(...)");
            }
            if (failuresBeforeFallback > attemptHistory) {
                throw new IllegalStateException("failuresBeforeFallback (" + failuresBeforeFallback
                        + ") cannot exceed attemptHistory (" + attemptHistory + "): the attempts are counted there");
            }
            Set<String> ids = new HashSet<>();
            for (Object ca : cas) {
                String id = ca instanceof CertificateSource s ? s.caId()
                        : StoreLayout.caId(((ManagedCa) ca).client().serverUrl());
                if (!ids.add(id)) {
                    throw new IllegalStateException("the CA " + id + " is given twice");
                }
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
