package org.certwright.acme.crypto;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Turns encoded public keys into JDK key objects, without checking sizes or curves. */
final class PublicKeyDecoder {

    private PublicKeyDecoder() {
    }

    /**
     * Decodes an X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}) with the JDK key factory for
     * its algorithm.
     *
     * @throws InvalidKeyMaterialException if the structure is malformed or the algorithm is not
     *                                     RSA, EC or Ed25519
     */
    static PublicKey spki(byte[] der) {
        SubjectPublicKeyInfo info = DerInput.parse("X.509 SubjectPublicKeyInfo",
                () -> SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der)));
        String algorithm = jdkAlgorithm(info.getAlgorithm().getAlgorithm());
        return DerInput.parse(algorithm + " public key",
                () -> KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
    }

    /**
     * Decodes a PKCS#1 RSAPublicKey ({@code RSA PUBLIC KEY}).
     *
     * @throws InvalidKeyMaterialException if the structure is malformed
     */
    static PublicKey pkcs1(byte[] der) {
        RSAPublicKey rsa = DerInput.parse("PKCS#1 RSAPublicKey",
                () -> RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(der)));
        return DerInput.parse("RSA public key", () -> KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())));
    }

    private static String jdkAlgorithm(ASN1ObjectIdentifier oid) {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return "RSA";
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return "EC";
        }
        if (KeyType.ID_ED25519.equals(oid)) {
            return "Ed25519";
        }
        throw new InvalidKeyMaterialException("unsupported public key algorithm " + AlgorithmNames.of(oid));
    }
}
