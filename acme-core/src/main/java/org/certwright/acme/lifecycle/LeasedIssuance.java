package org.certwright.acme.lifecycle;

import java.security.KeyPair;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.issuance.IssuanceListener;
import org.certwright.acme.issuance.IssuanceRequest;
import org.certwright.acme.issuance.IssuedCertificate;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AlreadyReplacedException;
import org.certwright.acme.problem.ProblemException;
import org.certwright.acme.problem.ProblemType;
import org.certwright.acme.problem.ValidationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt to obtain or renew a certificate, under its store lock: take the lock (or leave the
 * work to the instance that holds it), keep the lease alive while the CA works, write the result
 * with the lease's fencing token, and record a failure with its backoff.
 */
final class LeasedIssuance {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private final ManagerSettings settings;
    private final StoredCertificates stored;
    private final MaintenanceScheduler scheduler;
    private final ListenerFanout listeners;
    private final CaPreference cas;
    private final BooleanSupplier closed;

    LeasedIssuance(ManagerSettings settings, StoredCertificates stored, MaintenanceScheduler scheduler,
                   ListenerFanout listeners, CaPreference cas, BooleanSupplier closed) {
        this.cas = cas;
        this.settings = settings;
        this.stored = stored;
        this.scheduler = scheduler;
        this.listeners = listeners;
        this.closed = closed;
    }

    /**
     * Attempts an issuance from {@code source}.
     *
     * @param replacesFor the certificate the order replaces ({@code replaces}, RFC 9773), for the
     *                    entry as it is once the lock is held
     */
    void attempt(ManagedEntry e, boolean forced, Instant now, CertificateSource source,
                 Function<ManagedEntry, Optional<CertificateId>> replacesFor, Predicate<ManagedEntry> stillDue) {
        Optional<StoreLease> lease;
        try {
            lease = stored.tryLock(e, settings.leaseDuration());
        } catch (AcmeException ex) {
            LOG.warn("Could not take the store lock of certificate {}; retrying in {}: {}", e.name(),
                    settings.pollInterval(), ex.toString());
            scheduler.scheduleAt(e, now.plus(settings.pollInterval()));
            return;
        }
        if (lease.isEmpty()) {
            LOG.info("Another instance is working on certificate {}; reading the store again in {}", e.name(),
                    settings.pollInterval());
            e.nextRun = Optional.of(now.plus(settings.pollInterval()));
            scheduler.scheduleAt(e, now.plus(settings.pollInterval()));
            return;
        }
        Optional<CurrentCertificate> before = e.current;
        ChallengeTypeRecorder recorder = new ChallengeTypeRecorder();
        AtomicReference<StoreLease> held = new AtomicReference<>(lease.get());
        Optional<ScheduledFuture<?>> keeper = keepLease(e, held);
        try {
            // Another instance may have finished just before we took the lock: its certificate
            // is served now, or the state it stored says the one served is not due after all
            // (the decision may have been made on its certificate with the old one's state).
            stored.reload(e);
            if (!forced && e.current.isPresent() && (!e.current.equals(before) || !stillDue.test(e))) {
                scheduler.trigger(e);
                return;
            }
            e.forced.set(false);
            IssuedCertificate issued;
            e.issuing = Thread.currentThread();
            try {
                // Closing sets the state before it looks for issuing threads, this thread the
                // reverse: one of them sees the other, so no issuance starts unseen after close.
                if (closed.getAsBoolean() || e.removed.get()) {
                    return;
                }
                issued = issue(e, source, replacesFor.apply(e), recorder);
            } finally {
                e.issuing = null;
            }
            KeyPair key = issued.keyPair().or(() -> e.current.filter(c -> e.spec.reuseKeyOnRenewal())
                    .map(CurrentCertificate::keyPair)).orElseThrow(() -> new AcmeException(
                            "the issuer returned no key pair for certificate " + e.name()));
            CurrentCertificate fresh = new CurrentCertificate(key, issued.certificate().chain());
            ManagedCertificateMetadata m = e.metadata.succeeded(source.caId(), new AttemptRecord(
                    settings.clock().instant(), true, source.caId(), Optional.empty(), Optional.empty(),
                    Optional.ofNullable(recorder.last)), settings.attemptHistory());
            stored.writeIssued(e, fresh, m, held.get());
            if (before.isPresent()) {
                LOG.info("Renewed certificate {}: {} (was {})", e.name(), fresh, before.get());
                listeners.notify(l -> l.renewed(e.name(), before.get(), fresh));
            } else {
                LOG.info("Obtained certificate {}: {}", e.name(), fresh);
                listeners.notify(l -> l.obtained(e.name(), fresh));
            }
            e.completeWaiters(fresh);
            scheduler.trigger(e); // to choose the renewal time of the new certificate
        } catch (AcmeInterruptedException ex) {
            Thread.currentThread().interrupt();
            LOG.info("Attempt for certificate {} stopped: the manager is closing", e.name());
        } catch (AcmeException ex) {
            if (closed.getAsBoolean()) {
                Thread.currentThread().interrupt();
                return;
            }
            failed(e, source, ex, recorder.last, held.get());
        } finally {
            keeper.ifPresent(k -> k.cancel(false));
            stored.release(e, held.get());
        }
    }

    /**
     * Renews the lease every third of its duration while the issuance runs, so that the lease can
     * be short (a crashed holder's lock is free soon) however long the CA takes. Runs on the timer
     * thread: a renewal is one small store write.
     */
    private Optional<ScheduledFuture<?>> keepLease(ManagedEntry e, AtomicReference<StoreLease> held) {
        return scheduler.every(settings.leaseDuration().dividedBy(3), () -> {
            try {
                held.set(stored.renew(held.get(), settings.leaseDuration()));
            } catch (AcmeException | RuntimeException ex) {
                // The fenced writes will be refused if the lease is really lost; say why.
                LOG.warn("Could not renew the store lock of certificate {}: {}", e.name(), ex.toString());
            }
        });
    }

    private IssuedCertificate issue(ManagedEntry e, CertificateSource source, Optional<CertificateId> replaces,
                                    ChallengeTypeRecorder recorder) throws AcmeException {
        try {
            return source.issue(request(e, replaces, recorder));
        } catch (ProblemException ex) {
            if (replaces.isEmpty() || !refusesReplaces(ex)) {
                throw ex;
            }
            // 'replaces' only advises the CA; a renewal must not fail over it.
            LOG.info("The CA refused the order for certificate {} with 'replaces' ({}); ordering again without it",
                    e.name(), ex.getMessage());
            return source.issue(request(e, Optional.empty(), recorder));
        }
    }

    /**
     * Whether a failure may come from {@code replaces}: {@code alreadyReplaced}, or a CA that
     * could not resolve the certificate it names (Pebble answers {@code serverInternal}; others
     * {@code malformed}). Validation failures and rate limits are not.
     */
    private static boolean refusesReplaces(ProblemException ex) {
        if (ex instanceof AlreadyReplacedException) {
            return true;
        }
        ProblemType type = ProblemType.of(ex.problem().type());
        return type == ProblemType.SERVER_INTERNAL || type == ProblemType.MALFORMED;
    }

    private IssuanceRequest request(ManagedEntry e, Optional<CertificateId> replaces, IssuanceListener listener) {
        ManagedCertificate spec = e.spec;
        IssuanceRequest.Builder b = spec.toRequest(listener).deadline(settings.issuanceDeadline());
        replaces.ifPresent(b::replaces);
        if (spec.reuseKeyOnRenewal()) {
            e.current.ifPresent(c -> b.domainKey(c.keyPair()));
        }
        return b.build();
    }

    private void failed(ManagedEntry e, CertificateSource source, AcmeException ex, String challengeType,
                        StoreLease lease) {
        Instant now = settings.clock().instant();
        Optional<String> type = ex instanceof ProblemException p ? Optional.of(p.problem().type().toString())
                : Optional.of(ex.getClass().getName());
        AttemptRecord attempt = new AttemptRecord(now, false, source.caId(), type,
                Optional.ofNullable(ex.getMessage()), Optional.ofNullable(challengeType));
        BackoffState b = settings.backoff().onFailure(e.metadata.backoff(), now, ex, settings.random());
        ManagedCertificateMetadata m = e.metadata.failed(b, attempt, settings.attemptHistory());
        e.metadata = m;
        try {
            stored.writeMetadata(e, m, lease);
        } catch (AcmeException storeFailure) {
            LOG.warn("Could not save the failed attempt of certificate {}: {}", e.name(), storeFailure.toString());
        }
        Instant until = cas.nextAttemptAt(m, settings.backoff()).orElse(now);
        LOG.warn("Attempt {} for certificate {} at {} failed ({}); {}; next attempt not before {}",
                b.consecutiveFailures(), e.name(), source.caId(), ex.getMessage(), e.current.isPresent()
                        ? "still serving the current certificate" : "no certificate to serve yet", until);
        listeners.notify(l -> l.attemptFailed(e.name(), attempt, ex));
        listeners.notify(l -> l.backingOff(e.name(), until, b.consecutiveFailures()));
        e.failWaiters(ex);
        e.nextRun = Optional.of(until);
        scheduler.scheduleAt(e, until);
    }

    /** Remembers the last challenge type the issuance provisioned, for the attempt record. */
    private static final class ChallengeTypeRecorder implements IssuanceListener {
        volatile String last;

        @Override
        public void challengeProvisioned(ChallengeContext context) {
            last = context.type();
        }

        @Override
        public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
            last = challengeType;
        }
    }
}
