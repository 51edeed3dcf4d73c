package org.certwright.acme.cli;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certwright.acme.Certificate;
import org.certwright.acme.CertificateId;
import org.certwright.acme.RenewalInfo;
import org.certwright.acme.Session;
import org.certwright.acme.lifecycle.CertificateValidity;
import org.certwright.acme.lifecycle.RenewalDecision;
import org.certwright.acme.lifecycle.RenewalPolicy;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AcmeNetworkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certwright renew}: renews the stored certificates that are due. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Renews stored certificates that are due: when the CA's renewal information (ARI) says so,"
                + " or, from CAs without ARI, when a third of the lifetime is left. The new order names the old"
                + " certificate as the one it replaces. Safe to run from cron or a timer several times a day."},
        footer = {"%nExamples:",
                "  certwright renew --server letsencrypt                 # every stored certificate that is due",
                "  certwright renew --server letsencrypt example.com     # just this one",
                "  certwright renew --force --webroot /var/www/html example.com",
                ExitCodeText.TABLE})
final class RenewCommand extends CaCommand {

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "the certificates to renew, by their first name (default: every stored certificate)")
    List<String> names = new ArrayList<>();

    @Option(names = "--force", description = "renew even if not due")
    boolean force;

    @Mixin
    Issuance issuance;

    @Mixin
    ChallengeOptions challenges;

    @Override
    int run(Reporter reporter) throws Exception {
        CaContext ca = CaContext.open(common);
        challenges.check();
        List<String> ids = names.isEmpty() ? ca.state.certificateIds()
                : names.stream().map(StateDirectory::certificateId).toList();
        Session session = ca.accountSession();
        boolean ari = session.directory().renewalInfo().isPresent();
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String id : ids) {
            StateDirectory.StoredCertificate stored = ca.state.certificate(id).orElseThrow(() ->
                    new IllegalArgumentException("no certificate '" + id + "' in " + ca.state.root()));
            Optional<RenewalInfo> info = Optional.empty();
            if (ari && !force) {
                reporter.progress("asking the CA when to renew " + id);
                info = renewalInfo(session, stored, reporter);
            }
            RenewalDecision decision = RenewalPolicy.defaults().decide(CertificateValidity.of(stored.leaf()),
                    Optional.empty(), info, Instant.now(), new SecureRandom());
            Map<String, Object> result;
            if (force || decision.isDue()) {
                Optional<CertificateId> replaces = ari ? Optional.of(CertificateId.of(stored.leaf())) : Optional.empty();
                result = issuance.issue(ca, session, Certificate.namedIdentifiers(stored.leaf()), challenges, replaces);
                result.put("renewed", true);
                result.put("reason", force ? "FORCED" : decision.reason().name());
                lines.addAll(Issuance.lines(result));
            } else {
                result = new LinkedHashMap<>(Issuance.describe(id, stored.leaf()));
                result.put("renewed", false);
                result.put("renewAt", decision.renewAt().toString());
                result.put("reason", decision.reason().name());
                lines.add("Certificate " + id + " is not due; renewal at " + decision.renewAt()
                        + " (" + decision.reason() + "); --force renews now");
            }
            results.add(result);
        }
        if (ids.isEmpty()) {
            lines.add("No certificates in " + ca.state.root());
        }
        reporter.result(Map.of("certificates", results), lines);
        return ExitCode.OK;
    }

    /**
     * The CA's renewal window; a CA that fails to answer falls back to the lifetime rule
     * (RFC 9773 §4.3.3), unless it cannot be reached at all.
     */
    private static Optional<RenewalInfo> renewalInfo(Session session, StateDirectory.StoredCertificate stored,
                                                     Reporter reporter) throws AcmeException {
        try {
            return Optional.of(session.renewalInfo(stored.leaf()));
        } catch (AcmeNetworkException | org.certwright.acme.problem.AcmeInterruptedException e) {
            throw e;
        } catch (AcmeException | IllegalArgumentException e) {
            // IllegalArgumentException: a certificate without the Authority Key Identifier ARI needs.
            reporter.progress("no renewal information for " + stored.id() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
