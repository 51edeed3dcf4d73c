package org.certwright.acme.crypto;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Human names for the key algorithm OIDs people are likely to feed in by mistake. */
final class AlgorithmNames {

    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            X9ObjectIdentifiers.id_dsa, "DSA",
            KeyType.ID_ED25519, "Ed25519",
            KeyType.ID_ED448, "Ed448",
            new ASN1ObjectIdentifier("1.3.101.110"), "X25519",
            new ASN1ObjectIdentifier("1.3.101.111"), "X448");

    private AlgorithmNames() {
    }

    /** For example {@code 'DSA' (1.2.840.10040.4.1)}, or just the OID when it has no known name. */
    static String of(ASN1ObjectIdentifier oid) {
        String name = NAMES.get(oid);
        return name == null ? oid.getId() : "'" + name + "' (" + oid.getId() + ")";
    }
}
