package org.certwright.acme.lifecycle;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.problem.ProblemType;

/**
 * Which CA an attempt goes to, when the manager has several in order of preference. Every new
 * certificate and every renewal starts with the first. A CA that fails persistently is left for
 * the next one (after the last, the first again): persistently means
 * {@code failuresBeforeFallback} attempts in a row failed there, or one failed in a way that will
 * not pass soon (rate limited; the account refused or needing a person). One failed validation
 * is not persistent: it is as likely to be ours as the CA's.
 *
 * <p>The choice is a pure function of the attempts stored with the certificate, so every
 * instance sharing a store makes the same one, and a restart does not return to a failing CA.
 */
final class CaPreference {

    private static final Set<ProblemType> PERSISTENT = Set.of(ProblemType.RATE_LIMITED,
            ProblemType.EXTERNAL_ACCOUNT_REQUIRED, ProblemType.USER_ACTION_REQUIRED,
            ProblemType.ACCOUNT_DOES_NOT_EXIST);

    /**
     * The CA to try.
     *
     * @param source       the CA
     * @param fallbackFrom the CA left for it, if this is a fallback
     */
    record Choice(CertificateSource source, Optional<String> fallbackFrom) {
    }

    private final List<CertificateSource> sources;
    private final int failuresBeforeFallback;

    CaPreference(List<CertificateSource> sources, int failuresBeforeFallback) {
        this.sources = List.copyOf(sources);
        this.failuresBeforeFallback = failuresBeforeFallback;
    }

    /** The most preferred CA. */
    CertificateSource first() {
        return sources.get(0);
    }

    /** The CA with this id, if it is still configured: the one asked for ARI about its certificates. */
    Optional<CertificateSource> byCaId(String caId) {
        return sources.stream().filter(s -> s.caId().equals(caId)).findFirst();
    }

    /** The CA for the next attempt, given the attempts stored with the certificate (oldest first). */
    Choice forAttempt(List<AttemptRecord> attempts) {
        if (attempts.isEmpty() || attempts.get(attempts.size() - 1).succeeded()) {
            return new Choice(first(), Optional.empty());
        }
        AttemptRecord last = attempts.get(attempts.size() - 1);
        int index = indexOf(last.caId());
        if (index < 0) {
            return new Choice(first(), Optional.empty()); // that CA is no longer configured
        }
        int failuresInARow = 0;
        for (int i = attempts.size() - 1; i >= 0; i--) {
            AttemptRecord a = attempts.get(i);
            if (a.succeeded() || !a.caId().equals(last.caId())) {
                break;
            }
            failuresInARow++;
        }
        if (sources.size() > 1 && (failuresInARow >= failuresBeforeFallback || persistent(last))) {
            return new Choice(sources.get((index + 1) % sources.size()), Optional.of(last.caId()));
        }
        return new Choice(sources.get(index), Optional.empty());
    }

    /**
     * When the next attempt may start: when the certificate's backoff ends, or, when the next
     * attempt goes to another CA, one first backoff step after the last attempt. The wait a
     * failing CA imposed (its {@code Retry-After}, the backoff built up there) does not hold for
     * the next one.
     *
     * @return the instant, or empty if an attempt may start now whatever the time
     */
    Optional<Instant> nextAttemptAt(ManagedCertificateMetadata m, FailureBackoff backoff) {
        List<AttemptRecord> attempts = m.attempts();
        if (!attempts.isEmpty() && forAttempt(attempts).fallbackFrom().isPresent()) {
            return Optional.of(attempts.get(attempts.size() - 1).time().plus(backoff.step(1)));
        }
        return m.backoff().notBefore();
    }

    private int indexOf(String caId) {
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).caId().equals(caId)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean persistent(AttemptRecord a) {
        return a.problemType().map(t -> {
            try {
                return PERSISTENT.contains(ProblemType.of(URI.create(t)));
            } catch (IllegalArgumentException notAUri) {
                return false;
            }
        }).orElse(false);
    }
}
