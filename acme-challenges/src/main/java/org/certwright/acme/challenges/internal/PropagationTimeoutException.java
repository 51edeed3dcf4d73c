package org.certwright.acme.challenges.internal;

import java.time.Duration;

/** A TXT value did not become visible at every authoritative server in time. */
public final class PropagationTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param name    the record's name
     * @param timeout how long was waited
     * @param rounds  how many times the servers were asked
     * @param detail  what the last round saw
     */
    public PropagationTimeoutException(String name, Duration timeout, int rounds, String detail) {
        super("TXT record " + name + " not visible at every authoritative server within " + timeout.toMillis()
                + " ms (" + rounds + " round(s)); last seen: " + detail);
    }
}
