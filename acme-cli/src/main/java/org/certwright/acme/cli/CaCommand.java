package org.certwright.acme.cli;

import java.util.concurrent.Callable;
import org.certwright.acme.problem.AcmeInterruptedException;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a CA: turns what it throws into an exit code and a message, in text
 * or JSON as the user asked.
 */
abstract class CaCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Override
    public final Integer call() {
        Reporter reporter = common.reporter();
        try {
            return run(reporter);
        } catch (Exception e) {
            if (e instanceof InterruptedException || e instanceof AcmeInterruptedException) {
                Thread.currentThread().interrupt();
            }
            int code = ExitCode.of(e);
            reporter.error(e, code);
            return code;
        }
    }

    /**
     * Does the command's work.
     *
     * @param reporter where progress and the result go
     * @return the exit code
     * @throws Exception what went wrong; mapped to an exit code by {@link ExitCode#of}
     */
    abstract int run(Reporter reporter) throws Exception;
}
