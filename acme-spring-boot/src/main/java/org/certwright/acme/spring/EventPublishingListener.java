package org.certwright.acme.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.lifecycle.AttemptRecord;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateManagerListener;
import org.certwright.acme.lifecycle.CurrentCertificate;
import org.springframework.context.ApplicationEventPublisher;

/** Turns the manager's callbacks into Spring application events. */
final class EventPublishingListener implements CertificateManagerListener {

    private final ApplicationEventPublisher publisher;
    // The listener is given to the manager's builder, so the manager is known only after build().
    private final AtomicReference<CertificateManager> manager = new AtomicReference<>();

    EventPublishingListener(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    void attach(CertificateManager m) {
        manager.set(m);
    }

    @Override
    public void obtained(String name, CurrentCertificate certificate) {
        publisher.publishEvent(new CertificateObtainedEvent(manager.get(), name, certificate));
    }

    @Override
    public void renewed(String name, CurrentCertificate previous, CurrentCertificate renewed) {
        publisher.publishEvent(new CertificateRenewedEvent(manager.get(), name, previous, renewed));
    }

    @Override
    public void attemptFailed(String name, AttemptRecord attempt, Exception failure) {
        publisher.publishEvent(new CertificateAttemptFailedEvent(manager.get(), name, attempt, failure));
    }

    @Override
    public void expiringSoon(String name, Instant notAfter, Duration threshold) {
        publisher.publishEvent(new CertificateExpiringSoonEvent(manager.get(), name, notAfter, threshold));
    }
}
