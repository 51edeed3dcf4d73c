package org.certwright.acme.spring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CertificateStatus;

/**
 * What {@link CertwrightHealthIndicator} reports, without Actuator's types: the health API moved
 * package between Spring Boot 3 and 4, so each line's indicator only translates this into its own
 * {@code Health}.
 */
final class CertificateHealth {

    /** The three states the indicator reports; named like Actuator's status codes. */
    enum State {
        UP, UNKNOWN, DOWN
    }

    private final State state;
    private final Map<String, Object> details;

    private CertificateHealth(State state, Map<String, Object> details) {
        this.state = state;
        this.details = details;
    }

    /**
     * {@code UP} while every certificate is valid and issued by the CA, {@code UNKNOWN} while the
     * temporary one is served or one has not arrived, {@code DOWN} once one has expired.
     */
    static CertificateHealth of(CertificateManager manager, CertwrightSslBundle bundle, Clock clock) {
        Instant now = clock.instant();
        State state = bundle.isTemporary() ? State.UNKNOWN : State.UP;
        Map<String, Object> details = new LinkedHashMap<>();
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
                state = State.DOWN;
            } else if (s.notAfter().isEmpty() && state == State.UP) {
                state = State.UNKNOWN;
            }
            details.put(s.name(), Collections.unmodifiableMap(d));
        }
        details.put("temporaryCertificate", bundle.isTemporary());
        return new CertificateHealth(state, Collections.unmodifiableMap(details));
    }

    State state() {
        return state;
    }

    /** Per certificate name its details, and {@code temporaryCertificate}; in a stable order. */
    Map<String, Object> details() {
        return details;
    }
}
