package org.certwright.acme.problem;

import java.net.URI;

/**
 * The calling thread was interrupted while waiting for the CA or between polls. The thread's
 * interrupt status is set again before this is thrown, so the interrupt is not lost.
 */
public class AcmeInterruptedException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception; the caller must have restored the interrupt status.
     *
     * @param method the method of the request that was interrupted, or {@code null} when the
     *               thread was waiting between requests
     * @param url    the request URL, or the resource being waited for
     * @param cause  the interrupt
     */
    public AcmeInterruptedException(String method, URI url, InterruptedException cause) {
        super("interrupted", method, url, -1, cause);
    }
}
