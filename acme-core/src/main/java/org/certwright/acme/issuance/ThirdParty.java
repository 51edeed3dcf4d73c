package org.certwright.acme.issuance;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.certwright.acme.challenge.ChallengeContext;
import org.certwright.acme.challenge.ChallengeResponder;
import org.certwright.acme.challenge.Provision;
import org.certwright.acme.challenge.ProvisioningException;
import org.certwright.acme.problem.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow's only way into responders and provisions: whatever they throw besides an
 * {@link AcmeException} (a {@link RuntimeException}, an {@link Error} other than a
 * {@link VirtualMachineError}, a checked exception thrown sneakily) becomes a
 * {@link ProvisioningException} that names the responder and the call and keeps the original as
 * its cause, so the flow handles it like any other failure of a responder: it falls back, cleans
 * up and reports a typed exception. A {@code VirtualMachineError} is left alone: the JVM is in no
 * state for anything but clean-up.
 */
final class ThirdParty {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);

    private ThirdParty() {
    }

    static Set<String> challengeTypes(ChallengeResponder responder) throws ProvisioningException {
        try {
            Set<String> types = responder.challengeTypes();
            if (types == null) {
                throw new ProvisioningException(name(responder) + ".challengeTypes() returned null");
            }
            return types;
        } catch (ProvisioningException e) {
            throw e;
        } catch (Throwable t) {
            throw wrap(name(responder) + ".challengeTypes()", t);
        }
    }

    static boolean supports(ChallengeResponder responder, ChallengeContext context) throws ProvisioningException {
        try {
            return responder.supports(context);
        } catch (Throwable t) {
            throw wrap(name(responder) + ".supports(" + describe(context) + ")", t);
        }
    }

    static Provision provision(ChallengeResponder responder, ChallengeContext context) throws AcmeException {
        Provision p;
        try {
            p = responder.provision(context);
        } catch (AcmeException e) {
            throw e;
        } catch (Throwable t) {
            throw wrap(name(responder) + ".provision(" + describe(context) + ")", t);
        }
        if (p == null) {
            throw new ProvisioningException(name(responder) + ".provision(" + describe(context) + ") returned null");
        }
        return p;
    }

    static void awaitReady(Provision provision, Duration timeout) throws AcmeException {
        try {
            provision.awaitReady(timeout);
        } catch (AcmeException e) {
            throw e;
        } catch (Throwable t) {
            throw wrap(name(provision) + ".awaitReady(" + timeout + ")", t);
        }
    }

    /** The provision's validation signal; one that throws or returns null has none. */
    static Optional<CompletionStage<Void>> validationSeen(Provision provision) {
        try {
            Optional<CompletionStage<Void>> seen = provision.validationSeen();
            return seen == null ? Optional.empty() : seen;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.warn("{}.validationSeen() threw {}; polling on the timer", name(provision), t.toString());
            return Optional.empty();
        }
    }

    static void close(Provision provision) throws AcmeException {
        try {
            provision.close();
        } catch (AcmeException e) {
            throw e;
        } catch (Throwable t) {
            throw wrap(name(provision) + ".close()", t);
        }
    }

    /** The typed exception for {@code t}, or {@code t} itself if it is a {@link VirtualMachineError}. */
    static ProvisioningException wrap(String call, Throwable t) {
        if (t instanceof VirtualMachineError vme) {
            throw vme;
        }
        return new ProvisioningException(call + " threw " + t, t);
    }

    private static String name(Object o) {
        return o.getClass().getName();
    }

    private static String describe(ChallengeContext c) {
        return c.type() + " " + c.identifier();
    }
}
