package org.certwright.acme.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.List;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.InvalidKeyMaterialException;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

class FreshCsrsTest {

    private static final List<Identifier> NAMES = List.of(Identifier.dns("a.example"), Identifier.ip("192.0.2.1"));

    @Test
    void buildsTheSameSignedRequestAsCsrOf() {
        KeyPair key = KeyType.EC_P256.generate();

        Csr fresh = FreshCsrs.of(key, NAMES);

        // Parsing the bytes again checks the signature: the request is as valid as Csr.of's.
        Csr reparsed = Csr.parse(fresh.toPem());
        assertThat(reparsed.identifiers()).containsExactlyElementsOf(NAMES);
        assertThat(reparsed.publicKey()).isEqualTo(key.getPublic());
        assertThat(fresh.identifiers()).isEqualTo(Csr.of(key, NAMES).identifiers());
    }

    @Test
    void doesNotSpendAVerificationOnAPairItTrustsToBeFresh() {
        KeyPair mismatched = new KeyPair(KeyType.EC_P256.generate().getPublic(), KeyType.EC_P256.generate().getPrivate());

        assertThatThrownBy(() -> Csr.of(mismatched, NAMES)).isInstanceOf(InvalidKeyMaterialException.class);
        // The fresh path does not verify, which is the point; only the issuer's own keys go there.
        assertThat(FreshCsrs.of(mismatched, NAMES).identifiers()).containsExactlyElementsOf(NAMES);
    }
}
