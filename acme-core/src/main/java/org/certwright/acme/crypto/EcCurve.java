package org.certwright.acme.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The elliptic curves Certwright supports, with what each is called in the JDK, in ASN.1 and in
 * Bouncy Castle's curve arithmetic.
 */
enum EcCurve {
    P256("secp256r1", SECObjectIdentifiers.secp256r1, KeyType.EC_P256),
    P384("secp384r1", SECObjectIdentifiers.secp384r1, KeyType.EC_P384),
    P521("secp521r1", SECObjectIdentifiers.secp521r1, KeyType.EC_P521);

    private final String jdkName;
    private final ASN1ObjectIdentifier oid;
    private final KeyType keyType;
    private final ECParameterSpec jdkParams;

    EcCurve(String jdkName, ASN1ObjectIdentifier oid, KeyType keyType) {
        this.jdkName = jdkName;
        this.oid = oid;
        this.keyType = keyType;
        this.jdkParams = lookUpJdkParams(jdkName);
    }

    /** The JDK's standard name, as used in {@link ECGenParameterSpec}. */
    String jdkName() {
        return jdkName;
    }

    /** The namedCurve object identifier. */
    ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The key type of keys on this curve. */
    KeyType keyType() {
        return keyType;
    }

    /** The JDK's domain parameters for this curve. */
    ECParameterSpec jdkParams() {
        return jdkParams;
    }

    /** The curve with this namedCurve OID, if it is a supported one. */
    static Optional<EcCurve> ofOid(ASN1ObjectIdentifier oid) {
        return Arrays.stream(values()).filter(c -> c.oid.equals(oid)).findFirst();
    }

    /**
     * The curve these domain parameters describe, if it is a supported one. Parameters are
     * compared by value because keys from other providers (Bouncy Castle, PKCS#11) carry their
     * own {@link ECParameterSpec} instances.
     */
    static Optional<EcCurve> of(ECParameterSpec params) {
        return Arrays.stream(values()).filter(c -> sameCurve(c.jdkParams, params)).findFirst();
    }

    /**
     * The public point d·G for the private scalar {@code d}.
     *
     * @throws InvalidKeyMaterialException if {@code d} is not in [1, n-1]
     */
    ECPoint publicPoint(BigInteger d) {
        BigInteger n = jdkParams.getOrder();
        if (d.signum() <= 0 || d.compareTo(n) >= 0) {
            throw new InvalidKeyMaterialException("EC private key scalar is out of range for " + jdkName);
        }
        // The JDK has no public API for point multiplication; Bouncy Castle's arithmetic is used
        // here as a library, and the result goes back into a JDK ECPoint.
        X9ECParameters x9 = CustomNamedCurves.getByOID(oid);
        org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier().multiply(x9.getG(), d).normalize();
        return new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator())
                && a.getOrder().equals(b.getOrder())
                && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec lookUpJdkParams(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            // Every Java SE 17 runtime must support these three curves.
            throw new IllegalStateException("the JDK does not support the EC curve " + name, e);
        }
    }
}
