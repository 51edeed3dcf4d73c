package org.certwright.acme.challenge;

import java.util.Objects;

/**
 * A TXT record the CA will look up: for dns-01 {@code _acme-challenge.<domain>} with the digest
 * of the key authorization; for dns-account-01 an account-specific label before it; for
 * dns-persist-01 {@code _validation-persist.<domain>} with the issuer and account.
 *
 * @param name       the fully qualified record name, lower case, without a trailing dot
 * @param value      the TXT value
 * @param persistent whether the record is meant to stay (dns-persist-01) rather than be removed
 *                   after validation
 */
public record DnsRecord(String name, String value, boolean persistent) {

    /** Creates a record. */
    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.endsWith(".")) {
            throw new IllegalArgumentException("record name must be non-empty and have no trailing dot: '" + name + "'");
        }
    }

    /** The name with a trailing dot, as DNS APIs and zone files often want it. */
    public String absoluteName() {
        return name + ".";
    }
}
