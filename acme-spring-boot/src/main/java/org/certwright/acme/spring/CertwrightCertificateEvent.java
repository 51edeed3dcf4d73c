package org.certwright.acme.spring;

import java.util.Objects;
import org.certwright.acme.lifecycle.CertificateManager;
import org.springframework.context.ApplicationEvent;

/**
 * Something happened to a managed certificate; the {@link CertificateManager} is the source.
 * Listen with {@code @EventListener} for this type or one of its subclasses. Events are published
 * on the manager's worker threads: a listener should return quickly.
 *
 * @since 0.2.0
 */
public abstract class CertwrightCertificateEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    private final String certificateName;

    /**
     * An event.
     *
     * @param manager         the manager
     * @param certificateName the managed certificate's name
     * @since 0.2.0
     */
    protected CertwrightCertificateEvent(CertificateManager manager, String certificateName) {
        super(manager);
        this.certificateName = Objects.requireNonNull(certificateName, "certificateName");
    }

    /**
     * The managed certificate's name.
     *
     * @return the name
     * @since 0.2.0
     */
    public String getCertificateName() {
        return certificateName;
    }
}
