package org.certwright.acme.cli;

import java.io.IOException;
import org.certwright.acme.problem.AcmeInterruptedException;
import org.certwright.acme.problem.AcmeNetworkException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.NoSuitableChallengeException;
import org.certwright.acme.problem.RateLimitedException;
import org.certwright.acme.problem.ValidationFailedException;
import org.certwright.acme.lifecycle.StoreException;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of {@code certwright}, so that scripts can tell a typo from an outage from a
 * rate limit.
 *
 * @since 0.2.0
 */
public final class ExitCode {

    /** The command did what was asked (a renewal that was not due is a success too). */
    public static final int OK = 0;
    /** A local failure: a file or the state directory could not be read or written. */
    public static final int LOCAL_ERROR = 1;
    /** The command line was wrong: unknown option, missing argument, a value that cannot be used. */
    public static final int USAGE = 2;
    /** The CA refused the request (a problem document other than the ones below), or spoke nonsense. */
    public static final int CA_PROBLEM = 3;
    /** The CA could not validate control of a name (every allowed challenge failed, or none could be answered). */
    public static final int VALIDATION_FAILED = 4;
    /** The CA could not be reached: connection refused, timeout, DNS, TLS (an untrusted certificate). */
    public static final int NETWORK = 5;
    /** The CA's rate limit was hit; try again after the time it named. */
    public static final int RATE_LIMITED = 6;
    /** Interrupted (Ctrl-C) before the command finished. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    /**
     * The exit code for what a command threw.
     *
     * @param failure what the command threw
     * @return one of this class's codes
     */
    public static int of(Throwable failure) {
        if (failure instanceof RateLimitedException) {
            return RATE_LIMITED;
        }
        if (failure instanceof AllChallengesFailedException || failure instanceof ValidationFailedException
                || failure instanceof NoSuitableChallengeException) {
            return VALIDATION_FAILED;
        }
        if (failure instanceof AcmeNetworkException) {
            return NETWORK;
        }
        if (failure instanceof AcmeInterruptedException || failure instanceof InterruptedException) {
            return INTERRUPTED;
        }
        if (failure instanceof StoreException || failure instanceof IOException) {
            return LOCAL_ERROR;
        }
        if (failure instanceof ParameterException || failure instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (failure instanceof org.certwright.acme.problem.AcmeException) {
            return CA_PROBLEM;
        }
        return LOCAL_ERROR;
    }
}
