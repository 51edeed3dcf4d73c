package org.certwright.acme.spring;

import java.time.Clock;
import org.certwright.acme.lifecycle.CertificateManager;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Actuator health of the managed certificates: {@code UP} while every one is valid and issued by
 * the CA, {@code UNKNOWN} while the temporary certificate is served (the first one has not
 * arrived), {@code DOWN} once one has expired. The details give, per certificate, the serial, the
 * expiry and days left, the next renewal and why, and the last error.
 *
 * <p>This is the Spring Boot 3 variant ({@code org.springframework.boot.actuate.health}); the
 * Spring Boot 4 artifact has the same class on Boot 4's health API.
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
        CertificateHealth health = CertificateHealth.of(manager, bundle, clock);
        builder.status(switch (health.state()) {
            case UP -> Status.UP;
            case UNKNOWN -> Status.UNKNOWN;
            case DOWN -> Status.DOWN;
        }).withDetails(health.details());
    }
}
