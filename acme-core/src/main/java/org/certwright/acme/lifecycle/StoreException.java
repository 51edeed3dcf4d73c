package org.certwright.acme.lifecycle;

import java.util.Objects;
import java.util.Optional;
import org.certwright.acme.problem.AcmeException;

/**
 * A {@link CertificateStore} could not do what was asked: the blob or lock it was about could not
 * be read, written, deleted, listed, locked or released.
 *
 * <p>It names the blob, prefix or lock concerned; the cause, where there is one, says why (an
 * {@link java.io.IOException} from the file system, a driver's exception, or an
 * {@link InterruptedException} when the calling thread was interrupted while waiting, in which
 * case the thread's interrupt status has been set again).
 *
 * @since 0.2.0
 */
public class StoreException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final String name;

    /**
     * Creates an exception about a blob, prefix or lock.
     *
     * @param message what went wrong; the name is prepended
     * @param name    the blob name, prefix or lock name concerned; empty for the whole store
     * @param cause   the underlying failure, or {@code null}
     * @since 0.2.0
     */
    public StoreException(String message, String name, Throwable cause) {
        super(Objects.requireNonNull(name, "name").isEmpty() ? message : "'" + name + "': " + message, cause);
        this.name = name;
    }

    /**
     * Creates an exception about a blob, prefix or lock, without an underlying cause.
     *
     * @param message what went wrong; the name is prepended
     * @param name    the blob name, prefix or lock name concerned
     * @since 0.2.0
     */
    public StoreException(String message, String name) {
        this(message, name, null);
    }

    /**
     * The blob name, prefix or lock name the failure is about; empty only for a failure that
     * concerns the whole store (its name is then the empty string).
     *
     * @return the name, or empty for the whole store
     * @since 0.2.0
     */
    public Optional<String> name() {
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
