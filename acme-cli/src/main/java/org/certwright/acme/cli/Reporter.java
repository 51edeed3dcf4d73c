package org.certwright.acme.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certwright.acme.problem.AcmeException;
import org.certwright.acme.problem.AllChallengesFailedException;
import org.certwright.acme.problem.ProblemException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a command's words go: progress on standard error (one line rewritten in place on a
 * terminal, plain lines otherwise, nothing with {@code --json} or {@code --quiet}), the result on
 * standard output (text, or one JSON object with {@code --json}), errors on standard error (or
 * as the JSON object).
 */
final class Reporter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;
    private final boolean quiet;
    private final boolean terminal;
    private boolean progressPending;

    Reporter(PrintStream out, PrintStream err, boolean json, boolean quiet, boolean terminal) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
        this.terminal = terminal;
    }

    /** A reporter for the process's streams; a terminal is assumed only when there is a console. */
    static Reporter forProcess(boolean json, boolean quiet) {
        return new Reporter(System.out, System.err, json, quiet, System.console() != null);
    }

    /** Says what the command is doing now. */
    void progress(String step) {
        if (json || quiet) {
            return;
        }
        if (terminal) {
            // One line rewritten in place: the user sees the current step, not a scroll of them.
            err.print("\r\u001b[K" + step);
            progressPending = true;
        } else {
            err.println(step);
        }
        err.flush();
    }

    /** Ends an in-place progress line, so that what follows starts on a line of its own. */
    private void endProgress() {
        if (progressPending) {
            err.print("\r\u001b[K");
            err.flush();
            progressPending = false;
        }
    }

    /**
     * Reports the result.
     *
     * @param fields the result for {@code --json}
     * @param lines  the result for people
     */
    void result(Map<String, Object> fields, List<String> lines) {
        endProgress();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", "ok");
            doc.putAll(fields);
            out.println(JSON.writeValueAsString(doc));
        } else if (!quiet) {
            lines.forEach(out::println);
        }
        out.flush();
    }

    /**
     * Reports a failure; shown even with {@code --quiet}.
     *
     * @param failure  what went wrong
     * @param exitCode the code the process ends with
     */
    void error(Throwable failure, int exitCode) {
        endProgress();
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("type", failure.getClass().getSimpleName());
            error.put("message", String.valueOf(failure.getMessage()));
            if (failure instanceof ProblemException p) {
                error.put("problemType", p.problem().type().toString());
                p.problem().detail().ifPresent(d -> error.put("detail", d));
                p.retryAfter().ifPresent(r -> error.put("retryAfter", r.toString()));
            }
            if (failure instanceof AllChallengesFailedException all) {
                error.put("failures", all.failures().stream().map(f -> f.problem().describe()).toList());
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("status", "error");
            doc.put("exitCode", exitCode);
            doc.put("error", error);
            out.println(JSON.writeValueAsString(doc));
            out.flush();
            return;
        }
        err.println("certwright: " + describe(failure));
        if (failure instanceof ProblemException p) {
            p.retryAfter().ifPresent(r -> err.println("  try again after " + r));
            p.helpLinks().forEach(l -> err.println("  see " + l));
        }
        err.flush();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        // An AcmeException's message says what failed; a bare one from elsewhere needs its cause.
        if (!(failure instanceof AcmeException) && failure.getCause() != null
                && failure.getCause().getMessage() != null && !message.contains(failure.getCause().getMessage())) {
            message += ": " + failure.getCause().getMessage();
        }
        return message;
    }

    /** Whether the result is printed as JSON. */
    boolean json() {
        return json;
    }
}
