package org.certwright.acme.crypto;

import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** The RFC 8037 Appendix A example Ed25519 key in the encodings the tests need. */
final class Ed25519Fixtures {

    static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

    private Ed25519Fixtures() {
    }

    static byte[] seed() {
        return Base64.getUrlDecoder().decode(JwkThumbprintTest.RFC8037_D);
    }

    static byte[] publicKey() {
        return Base64.getUrlDecoder().decode(JwkThumbprintTest.RFC8037_X);
    }

    /** PKCS#8 version 1: the private key only, as the JDK and OpenSSL write it. */
    static String rfc8037Pkcs8Pem() throws Exception {
        PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519), new DEROctetString(seed()));
        return PemFormat.block("PRIVATE KEY", info.getEncoded());
    }

    /** PKCS#8 version 2 (RFC 5958 OneAsymmetricKey) carrying {@code publicKey} as well. */
    static String pkcs8V2Pem(byte[] publicKey) throws Exception {
        PrivateKeyInfo info = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519), new DEROctetString(seed()), null, publicKey);
        return PemFormat.block("PRIVATE KEY", info.getEncoded());
    }
}
