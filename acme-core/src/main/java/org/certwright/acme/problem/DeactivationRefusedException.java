package org.certwright.acme.problem;

import java.net.URI;

/**
 * The CA refused to deactivate an authorization, with a problem of no more specific type (a
 * {@code malformed} or {@code serverInternal} one, say). Some CAs do not implement authorization
 * deactivation at all: step-ca 0.19.0 answers {@code 400 malformed} "The request message was
 * malformed". The message names the authorization and carries the CA's detail; the problem is
 * {@link #problem()}.
 *
 * @since 0.2.0
 */
public class DeactivationRefusedException extends ProblemException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param authorization the authorization the CA did not deactivate
     * @param refusal       the CA's answer
     */
    public DeactivationRefusedException(URI authorization, ProblemException refusal) {
        super("the CA refused to deactivate authorization " + authorization, refusal.problem(), refusal.context(),
                refusal);
    }
}
