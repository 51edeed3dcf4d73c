package org.certwright.acme.issuance;

import java.util.ArrayList;
import java.util.List;
import org.certwright.acme.Certificate;
import org.certwright.acme.Identifier;
import org.certwright.acme.Order;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.problem.ValidationFailedException;

/**
 * Records the events of an issuance as text, such as {@code "validated dns:a.example by http-01"},
 * in the order they arrive (from several threads).
 */
final class RecordingListener implements IssuanceListener {

    private final List<String> events = new ArrayList<>();

    @Override
    public void orderCreated(Order order) {
        add("orderCreated " + order.identifiers());
    }

    @Override
    public void challengeProvisioned(ChallengeContext context) {
        add("challengeProvisioned " + context.type() + " " + context.identifier());
    }

    @Override
    public void validated(Identifier identifier, String challengeType, boolean reused) {
        add("validated " + identifier + (reused ? " (reused)" : " by " + challengeType));
    }

    @Override
    public void validationFailed(Identifier identifier, String challengeType, ValidationFailedException failure) {
        add("validationFailed " + identifier + " by " + challengeType + ": " + failure.getClass().getSimpleName());
    }

    @Override
    public void finalized(Order order) {
        add("finalized");
    }

    @Override
    public void downloaded(Certificate certificate) {
        add("downloaded");
    }

    @Override
    public void alternateChainFailed(java.net.URI alternate, org.certwright.acme.problem.AcmeException failure) {
        add("alternateChainFailed " + alternate + ": " + failure.getClass().getSimpleName());
    }

    /** Every event so far, oldest first. */
    synchronized List<String> events() {
        return List.copyOf(events);
    }

    private synchronized void add(String event) {
        events.add(event);
    }
}
