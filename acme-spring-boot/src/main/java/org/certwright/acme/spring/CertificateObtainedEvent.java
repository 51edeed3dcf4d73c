package org.certwright.acme.spring;

import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CurrentCertificate;

/**
 * The CA issued the first certificate for a name (the store had none).
 *
 * @since 0.2.0
 */
public class CertificateObtainedEvent extends CertwrightCertificateEvent {

    private static final long serialVersionUID = 1L;

    private final transient CurrentCertificate certificate;

    /**
     * An event.
     *
     * @param manager         the manager
     * @param certificateName the managed certificate's name
     * @param certificate     the new certificate
     * @since 0.2.0
     */
    public CertificateObtainedEvent(CertificateManager manager, String certificateName, CurrentCertificate certificate) {
        super(manager, certificateName);
        this.certificate = certificate;
    }

    /**
     * The new certificate.
     *
     * @return its key and chain
     * @since 0.2.0
     */
    public CurrentCertificate getCertificate() {
        return certificate;
    }
}
