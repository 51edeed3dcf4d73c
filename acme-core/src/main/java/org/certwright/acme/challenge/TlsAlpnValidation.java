package org.certwright.acme.challenge;

import java.util.Arrays;
import java.util.Objects;
import org.certwright.acme.Identifier;

/**
 * What a tls-alpn-01 responder must present (RFC 8737): when a TLS client offers ALPN
 * {@code acme-tls/1} with SNI {@code serverName}, a self-signed certificate for {@code identifier}
 * with a critical {@code acmeIdentifier} extension holding {@code digest}.
 *
 * @param identifier the identifier the certificate must name (a DNS name, or an IP address for
 *                   RFC 8738)
 * @param serverName the SNI the CA sends: the DNS name, or the reverse-DNS name of an IP address
 * @param digest     SHA-256 of the key authorization (32 bytes)
 */
public record TlsAlpnValidation(Identifier identifier, String serverName, byte[] digest) {

    /** The ALPN protocol the CA negotiates. */
    public static final String ALPN_PROTOCOL = "acme-tls/1";
    /** The OID of the {@code id-pe-acmeIdentifier} extension. */
    public static final String ACME_IDENTIFIER_OID = "1.3.6.1.5.5.7.1.31";

    /** Creates the description; the digest is copied. */
    public TlsAlpnValidation {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(serverName, "serverName");
        if (digest.length != 32) {
            throw new IllegalArgumentException("acmeIdentifier digest must be 32 bytes, not " + digest.length);
        }
        digest = digest.clone();
    }

    /** SHA-256 of the key authorization (a copy). */
    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsAlpnValidation other && identifier.equals(other.identifier)
                && serverName.equals(other.serverName) && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifier, serverName, Arrays.hashCode(digest));
    }

    @Override
    public String toString() {
        return "TlsAlpnValidation[" + identifier + ", sni=" + serverName + "]";
    }
}
