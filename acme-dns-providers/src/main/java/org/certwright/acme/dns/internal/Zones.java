package org.certwright.acme.dns.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Zone names: which of the zones an account holds a record name falls in. */
public final class Zones {

    private Zones() {
    }

    /**
     * The deepest zone that is the name or a parent of it.
     *
     * @param name  the record name, without trailing dot
     * @param zones the zones, with or without trailing dot, any case
     * @return the matching zone as given, or empty
     */
    public static Optional<String> deepest(String name, Collection<String> zones) {
        String n = normalize(name);
        return zones.stream()
                .filter(z -> {
                    String zone = normalize(z);
                    return n.equals(zone) || n.endsWith("." + zone);
                })
                .max(Comparator.comparingInt(z -> normalize(z).length()));
    }

    /**
     * A name in lower case without trailing dot.
     *
     * @param name the name
     * @return the normalized name
     */
    public static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
