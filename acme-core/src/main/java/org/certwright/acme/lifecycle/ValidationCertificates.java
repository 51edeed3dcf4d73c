package org.certwright.acme.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.certwright.acme.Identifier;
import org.certwright.acme.challenge.TlsAlpnValidation;

/**
 * Checks a caller's tls-alpn-01 validation certificate against the validation it is meant for
 * (RFC 8737 §3), so that a mix-up fails when it is installed rather than as a failed validation
 * at the CA.
 */
final class ValidationCertificates {

    private ValidationCertificates() {
    }

    static void requireMatch(TlsAlpnValidation validation, X509Certificate certificate) {
        String oid = TlsAlpnValidation.ACME_IDENTIFIER_OID;
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        byte[] extension = certificate.getExtensionValue(oid);
        if (extension == null || critical == null || !critical.contains(oid)) {
            throw new IllegalArgumentException("the validation certificate for " + validation.serverName()
                    + " lacks the critical acmeIdentifier extension (" + oid + ")");
        }
        byte[] digest;
        try {
            ASN1Primitive value = JcaX509ExtensionUtils.parseExtensionValue(extension);
            digest = ASN1OctetString.getInstance(value).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the acmeIdentifier extension of the validation certificate for "
                    + validation.serverName() + " is not an OCTET STRING", e);
        }
        if (!Arrays.equals(digest, validation.digest())) {
            throw new IllegalArgumentException("the validation certificate for " + validation.serverName()
                    + " holds another key authorization digest than the validation");
        }
        if (!names(certificate, validation.identifier())) {
            throw new IllegalArgumentException("the validation certificate does not name " + validation.identifier());
        }
    }

    private static boolean names(X509Certificate certificate, Identifier identifier) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("the validation certificate's subjectAltName is unreadable", e);
        }
        if (sans == null) {
            return false;
        }
        for (List<?> san : sans) {
            Object value = san.get(1);
            if (identifier.isIp() && Integer.valueOf(7).equals(san.get(0)) && value instanceof String literal) {
                if (address(literal).equals(identifier.inetAddress())) {
                    return true;
                }
            } else if (identifier.isDns() && Integer.valueOf(2).equals(san.get(0)) && value instanceof String name
                    && KeyEntry.normalize(name).equals(KeyEntry.normalize(identifier.value()))) {
                return true;
            }
        }
        return false;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unreadable IP address in the validation certificate: " + literal, e);
        }
    }
}
