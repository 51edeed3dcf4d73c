package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.List;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisions of one validation round, added from several tasks: each is closed exactly once.
 * {@link #closeAll} takes them out under the lock that {@link #add} holds, so a provision can
 * neither be missed nor closed twice; one added after that (which the flow does not do, as no task
 * outlives {@link Parallel#map}) is closed at once.
 */
final class Provisions {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);

    private final List<Provision> made = new ArrayList<>();
    private boolean closed;

    /** Keeps a provision for {@link #closeAll}. */
    void add(Provision p) {
        synchronized (this) {
            if (!closed) {
                made.add(p);
                return;
            }
        }
        closeOne(p, null);
    }

    /** Hands every provision over to {@code target}, which closes them from now on. */
    void moveTo(Provisions target) {
        List<Provision> moving;
        synchronized (this) {
            closed = true;
            moving = new ArrayList<>(made);
            made.clear();
        }
        moving.forEach(target::add);
    }

    /** The provisions so far. */
    synchronized List<Provision> list() {
        return List.copyOf(made);
    }

    /**
     * Closes every provision once, also on an interrupted thread (a responder's API call would
     * fail at once there and leave the record behind; the interrupt status is restored
     * afterwards). A failure is logged and added to {@code error} as suppressed, if given.
     */
    void closeAll(AcmeException error) {
        List<Provision> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(made);
            made.clear();
        }
        boolean interrupted = Thread.interrupted();
        try {
            for (Provision p : toClose) {
                closeOne(p, error);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeOne(Provision p, AcmeException error) {
        try {
            ThirdParty.close(p);
        } catch (AcmeException e) {
            LOG.warn("removing a challenge provision failed: {}", e.getMessage());
            if (error != null) {
                error.addSuppressed(e);
            }
        }
    }
}
