package org.certwright.acme.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Actuator health of the managed certificates: {@code UP} while every one is valid and issued by
 * the CA, {@code UNKNOWN} while the temporary certificate is served (the first one has not
 * arrived), {@code DOWN} once one has expired. The details give, per certificate, the serial, the
 * expiry and days left, the next renewal and why, and the last error.
 *
 * @since 0.2.0
 */
public class CertwrightHealthIndicator extends AbstractHealthIndicator {

    private final CertificateManager manager;
    private final CertwrightSslBundle bundle;
    private final Clock clock;

    /**
     * A health indicator.
     *
     * @param manager the manager
     * @param bundle  the SSL bundle, which knows whether the temporary certificate is served
     * @param clock   the clock
     * @since 0.2.0
     */
    public CertwrightHealthIndicator(CertificateManager manager, CertwrightSslBundle bundle, Clock clock) {
        super("Certificate health check failed");
        this.manager = manager;
        this.bundle = bundle;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        Status status = bundle.isTemporary() ? Status.UNKNOWN : Status.UP;
        for (CertificateStatus s : manager.status()) {
            Map<String, Object> d = new LinkedHashMap<>();
            s.serial().ifPresent(v -> d.put("serial", v));
            s.issuer().ifPresent(v -> d.put("issuer", v));
            s.notAfter().ifPresent(v -> {
                d.put("notAfter", v.toString());
                d.put("daysLeft", Duration.between(now, v).toDays());
            });
            s.nextRenewal().ifPresent(v -> d.put("nextRenewal", v.toString()));
            s.renewalReason().ifPresent(v -> d.put("renewalReason", v.toString()));
            s.backoffUntil().ifPresent(v -> d.put("backoffUntil", v.toString()));
            s.lastError().ifPresent(e -> d.put("lastError", e.problemType().orElse("") + " "
                    + e.detail().orElse("") + " at " + e.time()));
            if (s.notAfter().isPresent() && now.isAfter(s.notAfter().get())) {
                status = Status.DOWN;
            } else if (s.notAfter().isEmpty() && status == Status.UP) {
                status = Status.UNKNOWN;
            }
            builder.withDetail(s.name(), d);
        }
        builder.withDetail("temporaryCertificate", bundle.isTemporary());
        builder.status(status);
    }
}
