package org.certwright.acme.issuance;

import java.net.URI;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.ValidationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the caller's listener so that whatever it throws is logged and forgotten: a progress
 * display that fails must not fail, or half-finish, an issuance whose provisions then need
 * cleaning up. Only a {@link VirtualMachineError} goes through.
 */
final class SafeListener implements IssuanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);

    private final IssuanceListener listener;

    SafeListener(IssuanceListener listener) {
        this.listener = listener;
    }

    @Override
    public void orderCreated(Order order) {
        call("orderCreated", () -> listener.orderCreated(order));
    }

    @Override
    public void challengeProvisioned(ChallengeContext context) {
        call("challengeProvisioned", () -> listener.challengeProvisioned(context));
    }

    @Override
    public void validated(Identifier identifier, String challengeType, boolean reused) {
        call("validated", () -> listener.validated(identifier, challengeType, reused));
    }

    @Override
    public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
        call("validationFailed", () -> listener.validationFailed(identifier, challengeType, failure));
    }

    @Override
    public void finalized(Order order) {
        call("finalized", () -> listener.finalized(order));
    }

    @Override
    public void downloaded(Certificate certificate) {
        call("downloaded", () -> listener.downloaded(certificate));
    }

    @Override
    public void alternateChainFailed(URI alternate, AcmeException failure) {
        call("alternateChainFailed", () -> listener.alternateChainFailed(alternate, failure));
    }

    private void call(String method, Runnable callback) {
        try {
            callback.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.warn("issuance listener {}.{} threw; ignored", listener.getClass().getName(), method, t);
        }
    }
}
