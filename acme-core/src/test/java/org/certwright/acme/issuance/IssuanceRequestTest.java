package org.certwright.acme.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.Csr;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

/** What {@link IssuanceRequest} refuses before anything is sent to a CA. */
class IssuanceRequestTest {

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    @Test
    void anRsaDomainKeyBelow2048BitsIsRefusedNamingTheKey() throws Exception {
        KeyPair small = rsa(1024);

        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").domainKey(small).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("domain key").hasMessageContaining("RSA").hasMessageContaining("1024");
    }

    @Test
    void anEcDomainKeyOnP521IsRefused() throws Exception {
        KeyPair p521 = ec("secp521r1");

        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").domainKey(p521).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC_P521");
    }

    @Test
    void anEcDomainKeyOnAnUnsupportedCurveIsRefused() throws Exception {
        // The JDK no longer offers secp256k1; Bouncy Castle, unregistered, still does.
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new org.bouncycastle.jce.provider.BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair k1 = g.generateKeyPair();

        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").domainKey(k1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain key (EC)");
    }

    @Test
    void anEd25519DomainKeyIsRefused() {
        KeyPair ed = KeyType.ED25519.generate();

        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").domainKey(ed).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ED25519");
    }

    @Test
    void aCsrForAKeyCasRefuseIsRefused() {
        Csr csr = Csr.of(KeyType.EC_P521.generate(), List.of(Identifier.dns("example.com")));

        assertThatThrownBy(() -> IssuanceRequest.builder().csr(csr).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CSR's key");
    }

    @Test
    void aKeyTypeCasRefuseIsRefused() {
        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").keyType(KeyType.ED25519).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ED25519");
    }

    @Test
    void theKeysCasAcceptAreAccepted() throws Exception {
        for (KeyPair k : List.of(rsa(2048), ec("secp256r1"), ec("secp384r1"))) {
            assertThat(IssuanceRequest.builder().dns("example.com").domainKey(k).build().domainKey()).contains(k);
        }
        assertThat(IssuanceRequest.builder().dns("example.com").keyType(KeyType.RSA_3072).build().keyType())
                .isEqualTo(KeyType.RSA_3072);
    }

    @Test
    void concurrencyAndDeadlineAreChecked() {
        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").concurrency(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("concurrency");
        assertThatThrownBy(() -> IssuanceRequest.builder().dns("example.com").deadline(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
        IssuanceRequest r = IssuanceRequest.builder().dns("example.com").concurrency(3)
                .deadline(Duration.ofMinutes(1)).build();
        assertThat(r.concurrency()).isEqualTo(3);
        assertThat(r.deadline()).contains(Duration.ofMinutes(1));
        assertThat(IssuanceRequest.builder().dns("example.com").build().concurrency()).isEqualTo(8);
    }

    @Test
    void aCsrThatNamesOtherIdentifiersThanTheOrderIsRefusedNamingTheDifference() {
        Csr csr = Csr.of(KeyType.EC_P256.generate(), List.of(Identifier.dns("a.example"), Identifier.dns("b.example")));

        assertThatThrownBy(() -> csr.requireIdentifiers(List.of(Identifier.dns("a.example"), Identifier.dns("c.example"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing [dns:c.example]").hasMessageContaining("unexpected [dns:b.example]");
    }
}
