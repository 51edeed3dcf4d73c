package org.certwright.acme.problem;

/**
 * The CA does not offer what was asked for: its directory has no such endpoint (for example
 * {@code newAuthz} or {@code renewalInfo}), it does not list the requested profile, or the
 * protocol dialect has no such operation.
 */
public class NotSupportedByServerException extends AcmeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message names the missing feature. */
    public NotSupportedByServerException(String message) {
        super(message);
    }
}
