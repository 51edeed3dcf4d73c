package org.certwright.acme.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.certwright.acme.CertificateId;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One maintenance pass over one certificate: read the store, decide whether it is time to renew
 * (asking the issuing CA for ARI when that is due), warn about approaching expiry, respect the
 * backoff, choose the CA, and start an attempt or plan the next pass.
 */
final class MaintenancePass {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private final ManagerSettings settings;
    private final StoredCertificates stored;
    private final MaintenanceScheduler scheduler;
    private final LeasedIssuance issuance;
    private final CaPreference cas;
    private final ListenerFanout listeners;
    private final BooleanSupplier closed;

    MaintenancePass(ManagerSettings settings, StoredCertificates stored, MaintenanceScheduler scheduler,
                    LeasedIssuance issuance, CaPreference cas, ListenerFanout listeners, BooleanSupplier closed) {
        this.settings = settings;
        this.stored = stored;
        this.scheduler = scheduler;
        this.issuance = issuance;
        this.cas = cas;
        this.listeners = listeners;
        this.closed = closed;
    }

    void maintain(ManagedEntry e) {
        if (closed.getAsBoolean()) {
            return;
        }
        Duration poll = settings.pollInterval();
        Instant now = settings.clock().instant();
        try {
            stored.reload(e);
        } catch (AcmeException ex) {
            LOG.warn("Could not read certificate {} from the store; retrying in {}: {}", e.name(), poll, ex.toString());
            scheduler.scheduleAt(e, now.plus(poll));
            return;
        }
        boolean forced = e.forced.get();
        Optional<CurrentCertificate> current = e.current;
        Instant next = now.plus(poll);
        if (current.isPresent()) {
            RenewalDecision d = decide(e, current.get(), now);
            announce(e, d.renewAt(), d.reason());
            if (!d.isDue() && !forced) {
                scheduler.scheduleAt(e, d.renewAt().isBefore(next) ? d.renewAt() : next);
                return;
            }
        } else {
            e.nextReason = Optional.empty();
            e.nextRun = Optional.of(now);
        }
        ManagedCertificateMetadata m = e.metadata;
        Optional<Instant> notBefore = cas.nextAttemptAt(m, settings.backoff());
        if (!forced && notBefore.isPresent() && now.isBefore(notBefore.get())) {
            e.nextRun = notBefore;
            scheduler.scheduleAt(e, notBefore.get().isBefore(next) ? notBefore.get() : next);
            return;
        }
        CaPreference.Choice choice = cas.forAttempt(m.attempts());
        choice.fallbackFrom().ifPresent(from -> {
            LOG.warn("Certificate {}: {} keeps failing; trying {}", e.name(), from, choice.source().caId());
            listeners.notify(l -> l.caFallback(e.name(), from, choice.source().caId()));
        });
        CertificateSource source = choice.source();
        issuance.attempt(e, forced, now, source, entry -> entry.current
                .filter(c -> ariSource(entry.metadata, c).filter(s -> s == source).isPresent())
                .flatMap(MaintenancePass::ariId), this::isDueFromStore);
    }

    /** Whether the certificate served is due by what the store says of it, without asking the CA. */
    private boolean isDueFromStore(ManagedEntry e) {
        Optional<CurrentCertificate> current = e.current;
        if (current.isEmpty()) {
            return true;
        }
        ManagedCertificateMetadata m = e.metadata;
        boolean ari = ariSource(m, current.get()).isPresent();
        return settings.policy().decide(CertificateValidity.of(current.get().leaf()), ari ? m.ari() : Optional.empty(),
                Optional.empty(), settings.clock().instant(), settings.random()).isDue();
    }

    /** Decides when to renew, asking the issuing CA for ARI when it is due, and raises expiry warnings. */
    private RenewalDecision decide(ManagedEntry e, CurrentCertificate current, Instant now) {
        ManagedCertificateMetadata m = e.metadata;
        CertificateValidity validity = CertificateValidity.of(current.leaf());
        Optional<CertificateSource> ariSource = ariSource(m, current);
        boolean ari = ariSource.isPresent();
        Optional<RenewalInfo> fresh = Optional.empty();
        if (ari && settings.policy().isAriCheckDue(m.ari(), now)) {
            try {
                fresh = Optional.of(ariSource.get().renewalInfo(current.leaf()));
            } catch (AcmeInterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (AcmeException ex) {
                LOG.info("Could not fetch renewal information for certificate {}; using what is stored: {}",
                        e.name(), ex.toString());
            }
        }
        RenewalDecision d = settings.policy().decide(validity, ari ? m.ari() : Optional.empty(), fresh, now,
                settings.random());
        fresh.flatMap(RenewalInfo::explanationUrl).ifPresent(u -> LOG.info(
                "The CA explains the renewal window of certificate {} at {}", e.name(), u));
        // A warning means "should have been renewed and was not": only a certificate whose renewal
        // is due and whose last attempt failed is checked. Otherwise a 6-day certificate would be
        // "expiring within 7 days" from the moment it was issued.
        boolean renewalFailing = d.isDue() && m.backoff().consecutiveFailures() > 0;
        ExpiryWarningCheck w = renewalFailing ? settings.warnings().check(validity, m.warnings(), now)
                : new ExpiryWarningCheck(List.of(), m.warnings(), false);
        for (Duration threshold : w.newlyCrossed()) {
            LOG.warn("Certificate {} expires at {} (less than {} left) and is not renewed yet", e.name(),
                    validity.notAfter(), threshold);
            listeners.notify(l -> l.expiringSoon(e.name(), validity.notAfter(), threshold));
        }
        if ((ari && d.ariStateChanged()) || w.stateChanged()) {
            ManagedCertificateMetadata updated = m.withAri(ari ? d.ariState() : m.ari()).withWarnings(w.state());
            e.metadata = updated;
            stored.persistMetadata(e, updated);
        }
        return d;
    }

    /**
     * The CA to ask for ARI about a certificate: only the CA that issued it, only while that CA is
     * configured and offers ARI, and only for a certificate that has the Authority Key Identifier
     * its ARI id is made from.
     */
    private Optional<CertificateSource> ariSource(ManagedCertificateMetadata m, CurrentCertificate current) {
        if (ariId(current).isEmpty()) {
            return Optional.empty();
        }
        return m.caId().flatMap(cas::byCaId).filter(MaintenancePass::supportsAri);
    }

    private static Optional<CertificateId> ariId(CurrentCertificate current) {
        try {
            return Optional.of(CertificateId.of(current.leaf()));
        } catch (IllegalArgumentException noAuthorityKeyId) {
            return Optional.empty();
        }
    }

    private static boolean supportsAri(CertificateSource source) {
        try {
            return source.supportsRenewalInfo();
        } catch (AcmeInterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        } catch (AcmeException ex) {
            LOG.info("Could not learn whether {} offers renewal information: {}", source.caId(), ex.toString());
            return false;
        }
    }

    private void announce(ManagedEntry e, Instant at, RenewalReason reason) {
        e.nextRun = Optional.of(at);
        Optional<RenewalReason> r = Optional.of(reason);
        if (!at.equals(e.announcedAt) || !r.equals(e.nextReason)) {
            e.announcedAt = at;
            e.nextReason = r;
            LOG.info("Certificate {} will be renewed at {} ({})", e.name(), at, reason);
            listeners.notify(l -> l.renewalScheduled(e.name(), at, reason));
        }
    }
}
