package org.certwright.acme.internal.jose;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;

/**
 * Converts ECDSA signatures between the DER {@code SEQUENCE { r INTEGER, s INTEGER }} that JCA
 * providers produce and the fixed-length {@code R || S} concatenation that JWS requires
 * (RFC 7518 §3.4).
 */
public final class EcdsaSignatureFormat {

    private EcdsaSignatureFormat() {
    }

    /**
     * Converts a DER-encoded ECDSA signature to {@code R || S}.
     *
     * @param der          the DER signature from {@code Signature.sign()}
     * @param outputLength the JWS signature length: 64 for ES256, 96 for ES384, 132 for ES512
     * @return R and S, each left-padded with zeros to half of {@code outputLength}
     * @throws SignatureException if {@code der} is not a DER ECDSA signature whose values fit
     */
    public static byte[] derToConcat(byte[] der, int outputLength) throws SignatureException {
        if (outputLength <= 0 || outputLength % 2 != 0) {
            throw new IllegalArgumentException("output length must be positive and even: " + outputLength);
        }
        BigInteger[] rs = parseDer(der);
        int half = outputLength / 2;
        byte[] out = new byte[outputLength];
        for (int i = 0; i < 2; i++) {
            if (rs[i].signum() <= 0 || rs[i].bitLength() > half * 8) {
                throw new SignatureException("ECDSA signature value does not fit in " + half + " bytes");
            }
            byte[] value = BigIntegers.asUnsignedByteArray(half, rs[i]);
            System.arraycopy(value, 0, out, i * half, half);
        }
        return out;
    }

    /**
     * Converts an {@code R || S} ECDSA signature to DER, as JCA verifiers expect it.
     *
     * @param concat R and S of equal length
     * @return the DER {@code SEQUENCE} of the two integers
     * @throws SignatureException if {@code concat} is empty or of odd length
     */
    public static byte[] concatToDer(byte[] concat) throws SignatureException {
        if (concat.length == 0 || concat.length % 2 != 0) {
            throw new SignatureException("R || S signature must have a positive even length, got " + concat.length);
        }
        int half = concat.length / 2;
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(concat, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(concat, half, concat.length));
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding into memory failed", e);
        }
    }

    private static BigInteger[] parseDer(byte[] der) throws SignatureException {
        try {
            ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            if (sequence.size() != 2) {
                throw new SignatureException("DER ECDSA signature has " + sequence.size() + " elements, expected 2");
            }
            return new BigInteger[] {
                ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue(),
                ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue(),
            };
        } catch (IOException | RuntimeException e) {
            throw new SignatureException("not a DER ECDSA signature", e);
        }
    }
}
