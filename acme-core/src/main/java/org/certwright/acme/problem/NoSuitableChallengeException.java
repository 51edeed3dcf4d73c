package org.certwright.acme.problem;

import java.util.List;
import java.util.Set;
import org.certwright.acme.Identifier;

/**
 * None of the challenges the CA offers for an identifier can be satisfied by the configured
 * responders under the caller's preferences (for example a wildcard name, which needs dns-01,
 * with only an http-01 responder).
 */
public class NoSuitableChallengeException extends AcmeException {
    private static final long serialVersionUID = 1L;

    private final transient Identifier identifier;
    private final List<String> offered;
    private final Set<String> usable;

    /** Creates the exception. */
    public NoSuitableChallengeException(Identifier identifier, List<String> offered, Set<String> usable) {
        super("no responder can satisfy any challenge the CA offers for " + identifier + ": offered " + offered
                + ", responders and preferences allow " + usable);
        this.identifier = identifier;
        this.offered = List.copyOf(offered);
        this.usable = Set.copyOf(usable);
    }

    /** The identifier. */
    public Identifier identifier() {
        return identifier;
    }

    /** The challenge types the CA offered. */
    public List<String> offeredTypes() {
        return offered;
    }

    /** The challenge types the responders support and the caller allowed (and that had not failed yet). */
    public Set<String> usableTypes() {
        return usable;
    }
}
