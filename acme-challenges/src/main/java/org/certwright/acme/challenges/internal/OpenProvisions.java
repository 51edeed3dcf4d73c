package org.certwright.acme.challenges.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisions a closeable responder has handed out and not yet seen closed, so that closing the
 * responder can remove them. Each provision removes its resource at most once, however often it is
 * closed, because a second removal would undo another order's provision of the same resource.
 */
public final class OpenProvisions {

    private static final Logger LOG = LoggerFactory.getLogger(OpenProvisions.class);

    /** Removes what a provision put in place. */
    @FunctionalInterface
    public interface Removal {
        /**
         * Removes it.
         *
         * @throws AcmeException if removing failed
         */
        void remove() throws AcmeException;
    }

    private final String owner;
    private final Set<Provision> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Bookkeeping for one responder.
     *
     * @param owner the responder's description, for messages
     */
    public OpenProvisions(String owner) {
        this.owner = owner;
    }

    /**
     * Fails if the responder is closed; call before provisioning anything.
     *
     * @throws ProvisioningException if it is closed
     */
    public void checkOpen() throws ProvisioningException {
        if (closed) {
            throw new ProvisioningException(owner + " is closed");
        }
    }

    /**
     * Wraps a removal as a provision and tracks it until it is closed.
     *
     * @param removal what closing the provision does
     * @return the provision
     * @throws ProvisioningException if the responder was closed meanwhile; the removal has then run
     */
    public Provision track(Removal removal) throws ProvisioningException {
        Provision provision = new Provision() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void close() throws AcmeException {
                if (done.compareAndSet(false, true)) {
                    open.remove(this);
                    removal.remove();
                }
            }
        };
        open.add(provision);
        if (closed) {
            // close() ran between checkOpen() and here and did not see this provision.
            try {
                provision.close();
            } catch (AcmeException e) {
                LOG.debug("removing a provision of closed {} failed: {}", owner, e.getMessage());
            }
            throw new ProvisioningException(owner + " is closed");
        }
        return provision;
    }

    /** Refuses further provisions and removes every open one; failures are logged. */
    public void closeAll() {
        closed = true;
        for (Provision provision : List.copyOf(open)) {
            try {
                provision.close();
            } catch (AcmeException | RuntimeException e) {
                LOG.warn("removing a challenge provision of {} failed: {}", owner, e.getMessage());
            }
        }
    }
}
