package org.certwright.acme.crypto;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Turns encoded private keys into JDK key pairs, deriving the public key from the private one.
 *
 * <p>The public key is always derived rather than taken from optional fields of the encoding,
 * so a file whose embedded public key disagrees with its private key cannot produce a
 * mismatched pair. Every key is checked against {@link KeyType#of(PublicKey)}.
 */
final class PrivateKeyDecoder {

    private static final int ED25519_SEED_LENGTH = 32;

    private PrivateKeyDecoder() {
    }

    /**
     * Decodes a PKCS#8 PrivateKeyInfo ({@code PRIVATE KEY}), version 1 or 2.
     *
     * @throws InvalidKeyMaterialException if the structure is malformed or the key unsupported
     */
    static KeyPair pkcs8(byte[] der) {
        PrivateKeyInfo info = DerInput.parse("PKCS#8 PrivateKeyInfo",
                () -> PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der)));
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return rsa(DerInput.parse("PKCS#1 RSAPrivateKey inside PKCS#8",
                    () -> RSAPrivateKey.getInstance(info.parsePrivateKey())));
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            EcCurve curve = curve(algorithm.getParameters());
            ECPrivateKey sec1 = DerInput.parse("SEC1 ECPrivateKey inside PKCS#8",
                    () -> ECPrivateKey.getInstance(info.parsePrivateKey()));
            return ec(sec1, Optional.of(curve));
        }
        if (KeyType.ID_ED25519.equals(oid)) {
            byte[] seed = DerInput.parse("Ed25519 CurvePrivateKey inside PKCS#8",
                    () -> ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets());
            Optional<byte[]> embedded = info.hasPublicKey()
                    ? Optional.of(DerInput.parse("Ed25519 public key inside PKCS#8", () -> info.getPublicKeyData().getOctets()))
                    : Optional.empty();
            return ed25519(seed, embedded);
        }
        throw new InvalidKeyMaterialException("unsupported private key algorithm " + AlgorithmNames.of(oid)
                + "; supported: RSA, EC, Ed25519");
    }

    /**
     * Decodes a PKCS#1 RSAPrivateKey ({@code RSA PRIVATE KEY}).
     *
     * @throws InvalidKeyMaterialException if the structure is malformed or the key unsupported
     */
    static KeyPair pkcs1(byte[] der) {
        return rsa(DerInput.parse("PKCS#1 RSAPrivateKey", () -> RSAPrivateKey.getInstance(ASN1Primitive.fromByteArray(der))));
    }

    /**
     * Decodes a SEC1 ECPrivateKey ({@code EC PRIVATE KEY}).
     *
     * @param parametersBlock the curve named by a preceding {@code EC PARAMETERS} block, used
     *                        when the key itself does not name its curve
     * @throws InvalidKeyMaterialException if the structure is malformed or the key unsupported
     */
    static KeyPair sec1(byte[] der, Optional<ASN1Primitive> parametersBlock) {
        ECPrivateKey sec1 = DerInput.parse("SEC1 ECPrivateKey", () -> ECPrivateKey.getInstance(ASN1Primitive.fromByteArray(der)));
        Optional<EcCurve> outer = parametersBlock.map(PrivateKeyDecoder::curve);
        return ec(sec1, outer);
    }

    /**
     * The supported curve that ECParameters name.
     *
     * @throws InvalidKeyMaterialException for explicit parameters, implicitCA or another curve
     */
    static EcCurve curve(ASN1Encodable parameters) {
        if (parameters instanceof ASN1ObjectIdentifier) {
            ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) parameters;
            return EcCurve.ofOid(oid).orElseThrow(() -> new InvalidKeyMaterialException(
                    "unsupported EC curve " + oid.getId() + "; supported: P-256, P-384, P-521"));
        }
        if (parameters == null || parameters instanceof DERNull) {
            throw new InvalidKeyMaterialException("EC key does not name its curve");
        }
        throw new InvalidKeyMaterialException("EC key with explicit curve parameters is not supported; use a named curve");
    }

    private static KeyPair rsa(RSAPrivateKey k) {
        BigInteger n = k.getModulus();
        if (n.signum() <= 0 || k.getPublicExponent().signum() <= 0 || !k.getPrime1().multiply(k.getPrime2()).equals(n)) {
            throw new InvalidKeyMaterialException("RSA private key is inconsistent (its primes do not multiply to its modulus)");
        }
        PublicKey publicKey = generatePublic("RSA", new RSAPublicKeySpec(n, k.getPublicExponent()));
        KeyType.of(publicKey); // size check before building anything else from the key
        PrivateKey privateKey = DerInput.parse("RSA private key", () -> KeyFactory.getInstance("RSA").generatePrivate(
                new RSAPrivateCrtKeySpec(n, k.getPublicExponent(), k.getPrivateExponent(), k.getPrime1(), k.getPrime2(),
                        k.getExponent1(), k.getExponent2(), k.getCoefficient())));
        return new KeyPair(publicKey, privateKey);
    }

    private static KeyPair ec(ECPrivateKey sec1, Optional<EcCurve> outer) {
        ASN1Encodable inner = sec1.getParametersObject();
        Optional<EcCurve> own = inner == null ? Optional.empty() : Optional.of(curve(inner));
        if (own.isPresent() && outer.isPresent() && own.get() != outer.get()) {
            throw new InvalidKeyMaterialException("EC key names curve " + own.get().jdkName()
                    + " but its parameters say " + outer.get().jdkName());
        }
        EcCurve curve = own.or(() -> outer)
                .orElseThrow(() -> new InvalidKeyMaterialException("EC key does not name its curve"));
        BigInteger d = sec1.getKey();
        PublicKey publicKey = generatePublic("EC", new ECPublicKeySpec(curve.publicPoint(d), curve.jdkParams()));
        PrivateKey privateKey = DerInput.parse("EC private key",
                () -> KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, curve.jdkParams())));
        KeyType.of(publicKey);
        return new KeyPair(publicKey, privateKey);
    }

    private static KeyPair ed25519(byte[] seed, Optional<byte[]> embeddedPublicKey) {
        if (seed.length != ED25519_SEED_LENGTH) {
            throw new InvalidKeyMaterialException("Ed25519 private key is " + seed.length + " bytes, expected 32");
        }
        // The JDK cannot derive an Ed25519 public key from a private one; Bouncy Castle's
        // RFC 8032 arithmetic can, used here as a library.
        byte[] raw = new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
        if (embeddedPublicKey.isPresent() && !Arrays.equals(embeddedPublicKey.get(), raw)) {
            throw new InvalidKeyMaterialException("the public key embedded in the PKCS#8 structure does not match the private key");
        }
        byte[] spki = DerInput.parse("Ed25519 public key",
                () -> new SubjectPublicKeyInfo(new AlgorithmIdentifier(KeyType.ID_ED25519), raw).getEncoded());
        PublicKey publicKey = generatePublic("Ed25519", new X509EncodedKeySpec(spki));
        PrivateKey privateKey = DerInput.parse("Ed25519 private key", () -> KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed)));
        return new KeyPair(publicKey, privateKey);
    }

    private static PublicKey generatePublic(String algorithm, KeySpec spec) {
        return DerInput.parse(algorithm + " public key", () -> KeyFactory.getInstance(algorithm).generatePublic(spec));
    }
}
