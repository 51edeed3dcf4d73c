package org.certwright.acme.spring;

import org.certwright.acme.lifecycle.AttemptRecord;
import org.certwright.acme.lifecycle.CertificateManager;

/**
 * An attempt to obtain or renew a certificate failed; the certificate served is unchanged and
 * the manager retries after a backoff.
 *
 * @since 0.2.0
 */
public class CertificateAttemptFailedEvent extends CertwrightCertificateEvent {

    private static final long serialVersionUID = 1L;

    private final transient AttemptRecord attempt;
    private final transient Exception failure;

    /**
     * An event.
     *
     * @param manager         the manager
     * @param certificateName the managed certificate's name
     * @param attempt         what happened (the problem type, when the CA sent one)
     * @param failure         the exception
     * @since 0.2.0
     */
    public CertificateAttemptFailedEvent(CertificateManager manager, String certificateName, AttemptRecord attempt,
                                         Exception failure) {
        super(manager, certificateName);
        this.attempt = attempt;
        this.failure = failure;
    }

    /**
     * What happened.
     *
     * @return the attempt's record
     * @since 0.2.0
     */
    public AttemptRecord getAttempt() {
        return attempt;
    }

    /**
     * The failure.
     *
     * @return the exception
     * @since 0.2.0
     */
    public Exception getFailure() {
        return failure;
    }
}
