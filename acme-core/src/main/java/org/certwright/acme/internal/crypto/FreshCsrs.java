package org.certwright.acme.internal.crypto;

import java.security.KeyPair;
import java.util.Collection;
import java.util.Objects;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.Csr;

/**
 * The issuance flow's way to a CSR for a key pair it has just generated itself, without the
 * signature check that {@link Csr#of} makes: that check exists to catch a private key that does
 * not belong to its public key, which a pair fresh from a {@code KeyPairGenerator} cannot be, and
 * it costs a signature verification (about as much CPU as the signing). {@link Csr} registers the
 * maker when its class is initialized, so that this non-public path needs no public API.
 */
public final class FreshCsrs {

    /** Builds a CSR for a freshly generated key pair. */
    @FunctionalInterface
    public interface Maker {
        /**
         * Builds and signs the request.
         *
         * @param freshKey    a key pair just made by a key pair generator
         * @param identifiers the names
         * @return the request
         */
        Csr make(KeyPair freshKey, Collection<Identifier> identifiers);
    }

    private static volatile Maker maker;

    private FreshCsrs() {
    }

    /**
     * Called once by {@link Csr}'s class initializer.
     *
     * @param m the maker
     */
    public static void register(Maker m) {
        maker = Objects.requireNonNull(m, "m");
    }

    /**
     * A CSR for a key pair that the caller generated itself and never let anyone else supply.
     *
     * @param freshKey    a key pair just made by a key pair generator
     * @param identifiers the names
     * @return the request, as {@link Csr#of} would build it
     */
    public static Csr of(KeyPair freshKey, Collection<Identifier> identifiers) {
        Maker m = maker;
        if (m == null) {
            initialize();
            m = maker;
        }
        return m.make(freshKey, identifiers);
    }

    private static void initialize() {
        try {
            Class.forName(Csr.class.getName(), true, Csr.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
