package org.certwright.acme.problem;

import java.net.URI;

/**
 * The calling thread was interrupted while waiting for the CA or between polls. The thread's
 * interrupt status is set again before this is thrown, so the interrupt is not lost.
 */
public class AcmeInterruptedException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the caller must have restored the interrupt status. */
    public AcmeInterruptedException(String method, URI url, InterruptedException cause) {
        super("interrupted", method, url, -1, cause);
    }
}
