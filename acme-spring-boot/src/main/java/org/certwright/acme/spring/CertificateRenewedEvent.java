package org.certwright.acme.spring;

import org.certwright.acme.lifecycle.CertificateManager;
import org.certwright.acme.lifecycle.CurrentCertificate;

/**
 * This instance renewed a certificate; the SSL bundle already serves the new one.
 *
 * @since 0.2.0
 */
public class CertificateRenewedEvent extends CertwrightCertificateEvent {

    private static final long serialVersionUID = 1L;

    private final transient CurrentCertificate previous;
    private final transient CurrentCertificate renewed;

    /**
     * An event.
     *
     * @param manager         the manager
     * @param certificateName the managed certificate's name
     * @param previous        the certificate replaced
     * @param renewed         the new certificate
     * @since 0.2.0
     */
    public CertificateRenewedEvent(CertificateManager manager, String certificateName, CurrentCertificate previous,
                                   CurrentCertificate renewed) {
        super(manager, certificateName);
        this.previous = previous;
        this.renewed = renewed;
    }

    /**
     * The certificate replaced.
     *
     * @return its key and chain
     * @since 0.2.0
     */
    public CurrentCertificate getPrevious() {
        return previous;
    }

    /**
     * The new certificate.
     *
     * @return its key and chain
     * @since 0.2.0
     */
    public CurrentCertificate getRenewed() {
        return renewed;
    }
}
