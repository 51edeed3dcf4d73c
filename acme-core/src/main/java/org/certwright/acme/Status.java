package org.certwright.acme;

import java.util.Locale;

/**
 * The status of an ACME resource (RFC 8555 §7.1.6). One enum serves accounts, orders,
 * authorizations and challenges; each uses a subset.
 */
public enum Status {
    /** Waiting for the client (order, authorization, challenge). */
    PENDING,
    /** All authorizations are valid; the order can be finalized. */
    READY,
    /** The CA is working on it (order after finalize, challenge being validated). */
    PROCESSING,
    /** Done and usable. */
    VALID,
    /** Failed; the resource's {@code error} says why. */
    INVALID,
    /** Revoked by the CA or the client. */
    REVOKED,
    /** Deactivated by the client. */
    DEACTIVATED,
    /** Past its expiry. */
    EXPIRED,
    /** A status this library does not know, or none was given. */
    UNKNOWN;

    /** The status for a wire value such as {@code "pending"}; {@link #UNKNOWN} for others. */
    public static Status of(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            Status s = valueOf(value.trim().toUpperCase(Locale.ROOT));
            return s;
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }

    /** The wire value, for example {@code "pending"}. */
    public String wireValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
