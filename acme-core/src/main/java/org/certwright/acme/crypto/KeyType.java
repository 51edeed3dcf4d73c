package org.certwright.acme.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The key types Certwright generates and accepts, for account keys and for certificate keys.
 *
 * <p>Each type knows the JWS algorithm an account key of that type signs with (RFC 7518) and the
 * JCA signature algorithm a certificate signing request is signed with. RSA keys always sign
 * with SHA-256, whatever their size, because {@code RS256} is the one RSA algorithm every ACME
 * CA accepts.
 */
public enum KeyType {
    /** ECDSA on NIST P-256 (secp256r1); the recommended default. */
    EC_P256("ES256", "SHA256withECDSA"),
    /** ECDSA on NIST P-384 (secp384r1). */
    EC_P384("ES384", "SHA384withECDSA"),
    /** ECDSA on NIST P-521 (secp521r1); not accepted by every CA. */
    EC_P521("ES512", "SHA512withECDSA"),
    /** RSA with a 2048-bit modulus; also the type of RSA keys of 2048 to 3071 bits. */
    RSA_2048("RS256", "SHA256withRSA"),
    /** RSA with a 3072-bit modulus; also the type of RSA keys of 3072 to 4095 bits. */
    RSA_3072("RS256", "SHA256withRSA"),
    /** RSA with a 4096-bit modulus; also the type of RSA keys of 4096 to 8192 bits. */
    RSA_4096("RS256", "SHA256withRSA"),
    /** EdDSA on Curve25519 (RFC 8037); not accepted by every CA. */
    ED25519("EdDSA", "Ed25519");

    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 8192;
    static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    static final ASN1ObjectIdentifier ID_ED448 = new ASN1ObjectIdentifier("1.3.101.113");

    private static final String SUPPORTED = "supported: RSA 2048 to 8192 bits, EC P-256, P-384, P-521, Ed25519";

    private final String jwsAlgorithm;
    private final String csrSignatureAlgorithm;

    KeyType(String jwsAlgorithm, String csrSignatureAlgorithm) {
        this.jwsAlgorithm = jwsAlgorithm;
        this.csrSignatureAlgorithm = csrSignatureAlgorithm;
    }

    /**
     * Generates a new key pair of this type with the JDK's providers and a default
     * {@link java.security.SecureRandom}.
     *
     * @return a new key pair
     * @throws IllegalStateException if the JDK lacks the algorithm (no Java SE 17 runtime does)
     */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(generatorAlgorithm());
            Optional<AlgorithmParameterSpec> spec = generatorSpec();
            if (spec.isPresent()) {
                generator.initialize(spec.get());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /**
     * The type of a public key.
     *
     * <p>RSA keys of any size from 2048 to 8192 bits are accepted and map to the largest listed
     * RSA type not above their size (for example 2560 bits to {@link #RSA_2048}), which is enough
     * because all RSA types sign alike.
     *
     * @param key the public key
     * @return the key's type
     * @throws InvalidKeyMaterialException if the key is RSA below 2048 or above 8192 bits, on an
     *                                     unsupported elliptic curve, or of another algorithm
     */
    public static KeyType of(PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAPublicKey) {
            return ofRsa(((RSAPublicKey) key).getModulus());
        }
        if (key instanceof ECPublicKey) {
            ECPublicKey ec = (ECPublicKey) key;
            return EcCurve.of(ec.getParams()).map(EcCurve::keyType).orElseThrow(() -> new InvalidKeyMaterialException(
                    "EC key on an unsupported curve (" + ec.getParams().getCurve().getField().getFieldSize()
                            + "-bit field); " + SUPPORTED));
        }
        // EdDSA keys have no common interface across providers; their X.509 encoding does.
        Optional<ASN1ObjectIdentifier> oid = spkiAlgorithm(key);
        if (oid.filter(ID_ED25519::equals).isPresent()) {
            return ED25519;
        }
        if (oid.filter(ID_ED448::equals).isPresent()) {
            throw new InvalidKeyMaterialException("Ed448 keys are not supported; " + SUPPORTED);
        }
        throw new InvalidKeyMaterialException("unsupported key algorithm '" + key.getAlgorithm() + "'; " + SUPPORTED);
    }

    /**
     * The JWS algorithm an account key of this type signs with (RFC 7518 §3.1, RFC 8037).
     *
     * @return {@code ES256}, {@code ES384}, {@code ES512}, {@code RS256} or {@code EdDSA}
     */
    public String jwsAlgorithm() {
        return jwsAlgorithm;
    }

    /**
     * The JCA signature algorithm a certificate signing request with a key of this type is
     * signed with.
     *
     * @return {@code SHA256withECDSA}, {@code SHA384withECDSA}, {@code SHA512withECDSA},
     *         {@code SHA256withRSA} or {@code Ed25519}
     */
    public String csrSignatureAlgorithm() {
        return csrSignatureAlgorithm;
    }

    /** Whether this is one of the ECDSA types. */
    boolean isEc() {
        return this == EC_P256 || this == EC_P384 || this == EC_P521;
    }

    private String generatorAlgorithm() {
        if (isEc()) {
            return "EC";
        }
        return this == ED25519 ? "Ed25519" : "RSA";
    }

    private Optional<AlgorithmParameterSpec> generatorSpec() {
        switch (this) {
            case EC_P256:
                return Optional.of(new ECGenParameterSpec(EcCurve.P256.jdkName()));
            case EC_P384:
                return Optional.of(new ECGenParameterSpec(EcCurve.P384.jdkName()));
            case EC_P521:
                return Optional.of(new ECGenParameterSpec(EcCurve.P521.jdkName()));
            case RSA_2048:
                return Optional.of(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            case RSA_3072:
                return Optional.of(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
            case RSA_4096:
                return Optional.of(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4));
            default:
                return Optional.empty(); // Ed25519 has nothing to choose
        }
    }

    private static KeyType ofRsa(BigInteger modulus) {
        int bits = modulus.bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new InvalidKeyMaterialException("RSA modulus " + bits + " bits, at least " + MIN_RSA_BITS + " required");
        }
        if (bits > MAX_RSA_BITS) {
            throw new InvalidKeyMaterialException("RSA modulus " + bits + " bits, at most " + MAX_RSA_BITS + " supported");
        }
        if (bits < 3072) {
            return RSA_2048;
        }
        return bits < 4096 ? RSA_3072 : RSA_4096;
    }

    private static Optional<ASN1ObjectIdentifier> spkiAlgorithm(PublicKey key) {
        byte[] encoded = "X.509".equals(key.getFormat()) ? key.getEncoded() : null;
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm().getAlgorithm());
        } catch (RuntimeException e) {
            // A key whose own encoding is garbage is simply not a key we support.
            return Optional.empty();
        }
    }
}
