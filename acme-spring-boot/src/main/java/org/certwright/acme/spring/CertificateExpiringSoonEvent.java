package org.certwright.acme.spring;

import java.time.Duration;
import java.time.Instant;
import org.certwright.acme.lifecycle.CertificateManager;

/**
 * A certificate expires soon and has not been renewed yet: a person should look.
 *
 * @since 0.2.0
 */
public class CertificateExpiringSoonEvent extends CertwrightCertificateEvent {

    private static final long serialVersionUID = 1L;

    private final Instant notAfter;
    private final Duration threshold;

    /**
     * An event.
     *
     * @param manager         the manager
     * @param certificateName the managed certificate's name
     * @param notAfter        when it expires
     * @param threshold       the warning threshold crossed
     * @since 0.2.0
     */
    public CertificateExpiringSoonEvent(CertificateManager manager, String certificateName, Instant notAfter,
                                        Duration threshold) {
        super(manager, certificateName);
        this.notAfter = notAfter;
        this.threshold = threshold;
    }

    /**
     * When the certificate expires.
     *
     * @return its notAfter
     * @since 0.2.0
     */
    public Instant getNotAfter() {
        return notAfter;
    }

    /**
     * The warning threshold crossed.
     *
     * @return the time left that triggered the warning
     * @since 0.2.0
     */
    public Duration getThreshold() {
        return threshold;
    }
}
