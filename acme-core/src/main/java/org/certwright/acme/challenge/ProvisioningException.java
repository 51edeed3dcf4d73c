package org.certwright.acme.challenge;

import org.certwright.acme.problem.AcmeException;

/**
 * A responder could not provision or remove what a challenge needs: a file could not be written,
 * a port could not be bound, a DNS API refused the record, a record did not propagate in time.
 */
public class ProvisioningException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProvisioningException(String message) {
        super(message);
    }

    /** Creates the exception with its cause. */
    public ProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}
