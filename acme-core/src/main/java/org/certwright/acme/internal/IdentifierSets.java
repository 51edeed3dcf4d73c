package org.certwright.acme.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.certwright.acme.Identifier;

/**
 * The one comparison of two sets of identifiers that the library makes wherever it checks that
 * something names exactly what was asked for: a CSR against an order, an order against the
 * request, a certificate against the order.
 */
public final class IdentifierSets {

    private IdentifierSets() {
    }

    /**
     * How {@code actual} differs from {@code expected} as sets (order and duplicates do not
     * matter), for a message: {@code "missing [dns:a.example]; unexpected [dns:b.example]"}.
     *
     * @param expected what was asked for
     * @param actual   what was found
     * @return the difference, or empty if they are the same set
     */
    public static Optional<String> difference(Collection<Identifier> expected, Collection<Identifier> actual) {
        Set<Identifier> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<Identifier> extra = new LinkedHashSet<>(actual);
        extra.removeAll(expected);
        if (missing.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((missing.isEmpty() ? "" : "missing " + missing)
                + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                + (extra.isEmpty() ? "" : "unexpected " + extra));
    }
}
