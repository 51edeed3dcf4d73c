package org.certwright.acme;

import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * The ACME Renewal Information certificate identifier (RFC 9773 §4.1): the certificate's
 * Authority Key Identifier and serial number, each base64url-encoded without padding, joined by
 * a dot. It names a certificate in {@code renewalInfo} requests and in an order's
 * {@code replaces} field.
 *
 * @param value the identifier, {@code base64url(keyIdentifier) "." base64url(serial)}
 */
public record CertificateId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_SHOWN = 100;

    /**
     * Wraps an identifier after checking its form.
     *
     * @param value the identifier, {@code base64url(keyIdentifier) "." base64url(serial)}
     * @throws IllegalArgumentException if the value is not two non-empty base64url parts joined
     *                                  by a dot
     */
    public CertificateId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches() || !decodable(value)) {
            String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
            throw new IllegalArgumentException("not an ARI certificate identifier (base64url(keyIdentifier)"
                    + " \".\" base64url(serialNumber)): '" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
    }

    /**
     * The identifier of a certificate.
     *
     * <p>The serial number part is the content octets of the DER INTEGER, so it keeps the
     * leading zero byte that a serial number with its high bit set is encoded with.
     *
     * @param certificate the certificate
     * @return its identifier
     * @throws IllegalArgumentException if the certificate has no Authority Key Identifier
     *                                  extension with a keyIdentifier, or it is malformed
     */
    public static CertificateId of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        byte[] keyIdentifier = authorityKeyIdentifier(certificate);
        // BigInteger's two's-complement bytes are exactly the DER INTEGER's content octets.
        byte[] serial = certificate.getSerialNumber().toByteArray();
        return new CertificateId(BASE64URL.encodeToString(keyIdentifier) + "." + BASE64URL.encodeToString(serial));
    }

    /** Returns {@link #value()}. */
    @Override
    public String toString() {
        return value;
    }

    private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        String which = "certificate " + certificate.getSubjectX500Principal().getName()
                + " (serial " + certificate.getSerialNumber().toString(16) + ")";
        byte[] extension = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            throw new IllegalArgumentException(which + " has no Authority Key Identifier extension, which ARI needs");
        }
        AuthorityKeyIdentifier aki;
        try {
            aki = AuthorityKeyIdentifier.getInstance(
                    ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extension).getOctets()));
        } catch (Exception e) {
            throw new IllegalArgumentException(which + " has a malformed Authority Key Identifier extension", e);
        }
        byte[] keyIdentifier = aki.getKeyIdentifierOctets();
        if (keyIdentifier == null || keyIdentifier.length == 0) {
            throw new IllegalArgumentException(which + "'s Authority Key Identifier has no keyIdentifier, which ARI needs");
        }
        return keyIdentifier;
    }

    private static boolean decodable(String value) {
        // A base64 part of length 4k+1 cannot come from any byte string.
        for (String part : value.split("\\.")) {
            if (part.length() % 4 == 1) {
                return false;
            }
        }
        return true;
    }
}
