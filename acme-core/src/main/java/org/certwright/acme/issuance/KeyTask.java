package org.certwright.acme.issuance;

import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.internal.crypto.FreshCsrs;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeInterruptedException;

/**
 * The certificate key and CSR of one issuance, made on the executor while the CA validates (an
 * RSA key takes a while) and needed only at finalize. If the executor has not got round to it by
 * then, the issuing thread makes it itself, so a saturated executor cannot stall an issuance; and
 * {@link #close()} makes sure the generation does not outlive the issuance.
 */
final class KeyTask implements AutoCloseable {

    private enum State { NEW, RUNNING, DONE, CANCELLED }

    private final IssuanceRequest request;
    private State state = State.NEW;
    private KeyPair key;
    private Throwable failure;
    private Csr csr;

    private KeyTask(IssuanceRequest request) {
        this.request = request;
    }

    /** Starts making the key, unless the request has a CSR or a key already. */
    static KeyTask start(IssuanceRequest request, Executor executor) {
        KeyTask task = new KeyTask(request);
        if (request.csr().isEmpty() && request.domainKey().isEmpty()) {
            try {
                executor.execute(task::runIfNew);
            } catch (RejectedExecutionException e) {
                // made on the issuing thread when needed
            }
        }
        return task;
    }

    /** The key pair; empty when the caller gave a CSR. */
    Optional<KeyPair> keyPair() throws AcmeException {
        if (request.csr().isPresent()) {
            return Optional.empty();
        }
        if (request.domainKey().isPresent()) {
            return request.domainKey();
        }
        runIfNew();
        synchronized (this) {
            while (state == State.RUNNING) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AcmeInterruptedException(null, null, e);
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re; // e.g. InvalidKeyMaterialException
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new AcmeException("creating the key failed: " + failure, failure);
            }
            return Optional.of(key);
        }
    }

    /** The CSR: the caller's, or one for the key and the request's identifiers. */
    Csr csr() throws AcmeException {
        if (request.csr().isPresent()) {
            return request.csr().get();
        }
        KeyPair k = keyPair().orElseThrow();
        synchronized (this) {
            if (csr == null) {
                List<Identifier> ids = request.identifiers();
                // A key the caller gave may not match its public half: check it. One made here cannot.
                csr = request.domainKey().isPresent() ? Csr.of(k, ids) : FreshCsrs.of(k, ids);
            }
            return csr;
        }
    }

    private void runIfNew() {
        synchronized (this) {
            if (state != State.NEW) {
                return;
            }
            state = State.RUNNING;
        }
        KeyPair made = null;
        Throwable failed = null;
        try {
            made = request.keyType().generate();
        } catch (Throwable t) { // handed to the issuing thread
            failed = t;
        }
        synchronized (this) {
            key = made;
            failure = failed;
            state = State.DONE;
            notifyAll();
        }
    }

    /** Cancels the generation if it has not started, or waits for it if it runs (it is short). */
    @Override
    public synchronized void close() {
        if (state == State.NEW) {
            state = State.CANCELLED;
            return;
        }
        boolean interrupted = false;
        while (state == State.RUNNING) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
