package org.certwright.acme.cli;

/** The exit-code table every help text ends with (an annotation needs a constant). */
final class ExitCodeText {

    static final String TABLE = "%nExit codes: 0 done, 1 local error (files), 2 usage error, 3 CA refused the request,"
            + " 4 validation failed, 5 network or TLS failure, 6 rate limited, 130 interrupted.";

    private ExitCodeText() {
    }
}
