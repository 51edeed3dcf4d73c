package org.certwright.acme.challenges;

/**
 * A challenge answer could not be shared through the lifecycle store: the store's failure is the
 * cause. Unchecked because {@link HttpChallengeStore} is; the responders turn it into a
 * {@link org.certwright.acme.challenge.ProvisioningException}.
 *
 * @since 0.2.0
 */
public final class SharedChallengeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be shared
     * @param cause   the store's failure
     */
    public SharedChallengeException(String message, Throwable cause) {
        super(message, cause);
    }
}
