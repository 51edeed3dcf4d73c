package org.certwright.acme.crypto;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.certwright.acme.Identifier;

/**
 * A PKCS#10 request taken apart: what {@link Csr} reports, parsed from DER on demand (a record
 * cannot cache it).
 */
final class ParsedCsr {

    private final PKCS10CertificationRequest request;
    private final PublicKey publicKey;
    private final List<Identifier> identifiers;

    private ParsedCsr(PKCS10CertificationRequest request, PublicKey publicKey, List<Identifier> identifiers) {
        this.request = request;
        this.publicKey = publicKey;
        this.identifiers = identifiers;
    }

    /**
     * Parses a DER request, without checking its signature.
     *
     * @throws InvalidKeyMaterialException if it is malformed, its key cannot be read or a
     *                                     subjectAltName is not a valid DNS name or IP address
     */
    static ParsedCsr parse(byte[] der) {
        PKCS10CertificationRequest request = DerInput.parse("PKCS#10 certification request",
                () -> new PKCS10CertificationRequest(der));
        PublicKey publicKey;
        try {
            publicKey = PublicKeyDecoder.spki(DerInput.parse("CSR public key",
                    () -> request.getSubjectPublicKeyInfo().getEncoded()));
        } catch (InvalidKeyMaterialException e) {
            throw new InvalidKeyMaterialException("CSR public key: " + e.getMessage(), e);
        }
        return new ParsedCsr(request, publicKey, List.copyOf(identifiers(request)));
    }

    /**
     * Checks the request's self-signature with its own public key.
     *
     * @throws InvalidKeyMaterialException if the signature does not verify or cannot be checked
     */
    ParsedCsr verify() {
        boolean valid = DerInput.parse("CSR signature",
                () -> request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey)));
        if (!valid) {
            throw new InvalidKeyMaterialException(
                    "CSR signature does not verify: the request was altered or signed with another key");
        }
        return this;
    }

    PublicKey publicKey() {
        return publicKey;
    }

    List<Identifier> identifiers() {
        return identifiers;
    }

    X500Name subject() {
        return request.getSubject();
    }

    /** The dNSName and iPAddress entries of the requested subjectAltName, in order. */
    private static List<Identifier> identifiers(PKCS10CertificationRequest request) {
        Attribute[] attributes = request.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return List.of();
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new InvalidKeyMaterialException("CSR has more than one extensionRequest");
        }
        Extensions extensions = DerInput.parse("CSR extensionRequest",
                () -> Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0)));
        Extension san = extensions.getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            return List.of();
        }
        GeneralNames names = DerInput.parse("CSR subjectAltName", () -> GeneralNames.getInstance(san.getParsedValue()));
        List<Identifier> identifiers = new ArrayList<>();
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                identifiers.add(dns(name.getName()));
            } else if (name.getTagNo() == GeneralName.iPAddress) {
                identifiers.add(ip(name.getName()));
            }
            // Other name types (email, URI...) have no ACME identifier type; CAs reject them.
        }
        return identifiers;
    }

    private static Identifier dns(ASN1Encodable value) {
        String name = DerInput.parse("CSR dNSName", () -> ASN1IA5String.getInstance(value).getString());
        try {
            return Identifier.dns(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyMaterialException("CSR subjectAltName dNSName is not a valid DNS name: " + e.getMessage(), e);
        }
    }

    private static Identifier ip(ASN1Encodable value) {
        byte[] address = DerInput.parse("CSR iPAddress", () -> ASN1OctetString.getInstance(value).getOctets());
        if (address.length != 4 && address.length != 16) {
            throw new InvalidKeyMaterialException("CSR subjectAltName iPAddress is " + address.length
                    + " bytes, expected 4 (IPv4) or 16 (IPv6)");
        }
        try {
            return Identifier.ip(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address was rejected", e);
        }
    }
}
