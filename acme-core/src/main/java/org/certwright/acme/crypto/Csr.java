package org.certwright.acme.crypto;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.certwright.acme.Identifier;
import org.certwright.acme.internal.IdentifierSets;
import org.certwright.acme.internal.crypto.FreshCsrs;

/**
 * A PKCS#10 certificate signing request (RFC 2986), as sent to an order's finalize URL.
 *
 * <p>A {@code Csr} is always well-formed and its self-signature verifies: the constructor checks
 * both. It compares, hashes and prints by content. The DER bytes are copied in and out, so an
 * instance cannot be changed.
 *
 * <p>{@link #of(KeyPair, Collection)} builds what ACME CAs expect: every identifier in the
 * subjectAltName extension and, for compatibility with software that still reads it, the first
 * DNS name as the subject common name.
 *
 * <p>A class rather than a record so that what the DER says is parsed once, when the request is
 * checked, and not again on every call to {@link #identifiers()} or {@link #publicKey()}.
 */
public final class Csr {

    private final byte[] der;
    private final ParsedCsr parsed;

    static {
        // A pair fresh from a generator cannot be mismatched: skip the signature check (issue 10).
        FreshCsrs.register((key, identifiers) -> {
            byte[] der = CsrEncoder.encode(key, identifiers);
            return new Csr(der, ParsedCsr.parse(der));
        });
    }

    /**
     * Wraps a DER-encoded request after checking it.
     *
     * @param der the DER-encoded request; copied, so later changes to the array do not matter
     * @throws InvalidKeyMaterialException if the bytes are not a PKCS#10 request, its public key
     *                                     cannot be read, a subjectAltName entry is not a valid
     *                                     DNS name or IP address, or the signature does not verify
     */
    public Csr(byte[] der) {
        Objects.requireNonNull(der, "der");
        this.der = der.clone();
        this.parsed = ParsedCsr.parse(this.der).verify();
    }

    private Csr(byte[] der, ParsedCsr parsed) {
        this.der = der;
        this.parsed = parsed;
    }

    /**
     * Builds and signs a request for the given identifiers.
     *
     * <p>Every identifier goes into the subjectAltName extension, in order and without
     * duplicates: {@code dns} identifiers (wildcards included) as dNSName, {@code ip} identifiers
     * as iPAddress. The subject is {@code CN=} the first {@code dns} identifier when it is at
     * most 64 characters long; otherwise the subject is empty and the extension is marked
     * critical, as RFC 5280 requires. The request is signed with
     * {@link KeyType#csrSignatureAlgorithm()} of the key's type.
     *
     * @param domainKey   the certificate's key pair
     * @param identifiers the names the certificate is for, at least one
     * @return the signed request
     * @throws IllegalArgumentException    if there are no identifiers or one is neither
     *                                     {@code dns} nor {@code ip}
     * @throws InvalidKeyMaterialException if the key is of an unsupported type, or the private
     *                                     key does not belong to the public key
     */
    public static Csr of(KeyPair domainKey, Collection<Identifier> identifiers) {
        byte[] der = CsrEncoder.encode(domainKey, identifiers);
        ParsedCsr parsed = ParsedCsr.parse(der);
        try {
            parsed.verify();
        } catch (InvalidKeyMaterialException e) {
            // Signed with the private key, checked with the public one: a failure means they differ.
            throw new InvalidKeyMaterialException("the private key does not belong to the "
                    + KeyType.of(domainKey.getPublic()) + " public key", e);
        }
        return new Csr(der, parsed);
    }

    /**
     * Reads a request given as DER or as PEM text in bytes (such as a file's content).
     *
     * @param derOrPem DER bytes (which start with a SEQUENCE tag) or PEM text
     * @return the request
     * @throws InvalidKeyMaterialException as {@link #Csr(byte[])} and
     *                                     {@link Pem#readCsr(String)} do
     */
    public static Csr parse(byte[] derOrPem) {
        Objects.requireNonNull(derOrPem, "derOrPem");
        if (derOrPem.length > 0 && derOrPem[0] == 0x30) {
            return new Csr(derOrPem);
        }
        return parse(new String(derOrPem, StandardCharsets.UTF_8));
    }

    /**
     * Reads a request from PEM text with one {@code CERTIFICATE REQUEST} block.
     *
     * @param pem the PEM text
     * @return the request
     * @throws InvalidKeyMaterialException as {@link #Csr(byte[])} and
     *                                     {@link Pem#readCsr(String)} do
     */
    public static Csr parse(String pem) {
        return new Csr(Pem.readCsr(pem));
    }

    /**
     * The DER encoding of the request.
     *
     * @return a new copy of the bytes
     */
    public byte[] der() {
        return der.clone();
    }

    /**
     * The identifiers in the request's subjectAltName extension, in order: {@code dns} for
     * dNSName entries, {@code ip} for iPAddress entries. Other name types are left out, and the
     * subject common name is not included (ACME requires it to be among the subjectAltNames).
     *
     * @return the identifiers, possibly empty
     */
    public List<Identifier> identifiers() {
        return parsed.identifiers();
    }

    /**
     * Checks that the request names exactly these identifiers (as a set), as a CA requires of the
     * CSR that finalizes an order. The one place this is checked: the issuance request, and
     * {@link org.certwright.acme.Session#finalize} for both protocol dialects, call it.
     *
     * @param identifiers the identifiers the request must name, such as an order's
     * @throws IllegalArgumentException if it names others, naming the missing and unexpected ones
     * @since 0.2.0
     */
    public void requireIdentifiers(Collection<Identifier> identifiers) {
        Objects.requireNonNull(identifiers, "identifiers");
        IdentifierSets.difference(identifiers, identifiers()).ifPresent(d -> {
            throw new IllegalArgumentException("the CSR names " + identifiers() + " but the order is for "
                    + List.copyOf(identifiers) + "; they must be the same set (" + d + ")");
        });
    }

    /**
     * The public key the certificate will certify.
     *
     * @return the public key, as a JDK key object
     */
    public PublicKey publicKey() {
        return parsed.publicKey();
    }

    /**
     * The request as a PEM {@code CERTIFICATE REQUEST} block.
     *
     * @return the PEM text
     */
    public String toPem() {
        return Pem.encodeCsr(der);
    }

    /** Compares the DER bytes. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Csr && Arrays.equals(der, ((Csr) other).der);
    }

    /** Hashes the DER bytes. */
    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    /** The subject, the identifiers and the key algorithm, for logs. */
    @Override
    public String toString() {
        return "Csr[subject=" + parsed.subject() + ", identifiers=" + parsed.identifiers()
                + ", key=" + parsed.publicKey().getAlgorithm() + "]";
    }
}
