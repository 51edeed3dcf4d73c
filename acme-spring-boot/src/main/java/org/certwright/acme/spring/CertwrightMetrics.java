package org.certwright.acme.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateStatus;
import org.certwright.acme.lifecycle.ManagedCertificate;
import org.springframework.context.ApplicationListener;

/**
 * Micrometer metrics of the managed certificates: {@code certwright.certificate.days.left}
 * (a gauge, by {@code certificate}; negative once expired, absent as NaN before the first one),
 * {@code certwright.certificate.renewals} (renewals and first issuances, by {@code certificate})
 * and {@code certwright.certificate.failures} (failed attempts, by {@code certificate} and
 * {@code problem}: the ACME problem type, or {@code none} when the CA sent no problem document).
 *
 * @since 0.2.0
 */
public class CertwrightMetrics implements MeterBinder, ApplicationListener<CertwrightCertificateEvent> {

    private final CertificateManager manager;
    private final Clock clock;
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();

    /**
     * Metrics of a manager.
     *
     * @param manager the manager
     * @param clock   the clock
     * @since 0.2.0
     */
    public CertwrightMetrics(CertificateManager manager, Clock clock) {
        this.manager = manager;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        registry.set(meterRegistry);
        for (ManagedCertificate c : manager.certificates()) {
            Gauge.builder("certwright.certificate.days.left", this, m -> m.daysLeft(c.name()))
                    .tag("certificate", c.name()).baseUnit("days")
                    .description("Days until the certificate served expires").register(meterRegistry);
            renewals(meterRegistry, c.name());
        }
    }

    @Override
    public void onApplicationEvent(CertwrightCertificateEvent event) {
        MeterRegistry r = registry.get();
        if (r == null) {
            return;
        }
        if (event instanceof CertificateObtainedEvent || event instanceof CertificateRenewedEvent) {
            renewals(r, event.getCertificateName()).increment();
        } else if (event instanceof CertificateAttemptFailedEvent failed) {
            Counter.builder("certwright.certificate.failures").tag("certificate", event.getCertificateName())
                    .tag("problem", failed.getAttempt().problemType().orElse("none"))
                    .description("Failed attempts to obtain or renew a certificate").register(r).increment();
        }
    }

    private static Counter renewals(MeterRegistry r, String name) {
        return Counter.builder("certwright.certificate.renewals").tag("certificate", name)
                .description("Certificates obtained or renewed by this instance").register(r);
    }

    private double daysLeft(String name) {
        return manager.status().stream().filter(s -> s.name().equals(name)).findFirst()
                .flatMap(CertificateStatus::notAfter)
                .map(n -> Duration.between(clock.instant(), n).toSeconds() / 86_400.0)
                .orElse(Double.NaN);
    }
}
