package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.certwright.acme.Identifier;
import org.certwright.acme.crypto.KeyType;
import org.junit.jupiter.api.Test;

/** A managed certificate is checked when it is described, not at its first background attempt. */
class ManagedCertificateTest {

    @Test
    void theNameIsTheStoreIdOfTheFirstIdentifier() {
        ManagedCertificate c = ManagedCertificate.builder().dns("*.Example.com", "example.com").ip("192.0.2.1").build();
        assertThat(c.name()).isEqualTo("wildcard_.example.com");
        assertThat(c.identifiers()).containsExactly(Identifier.dns("*.Example.com"), Identifier.dns("example.com"),
                Identifier.ip("192.0.2.1"));
        assertThat(c.reuseKeyOnRenewal()).isFalse();
        assertThat(c.keyType()).isEqualTo(KeyType.EC_P256);
    }

    @Test
    void aKeyTypeNoCaAcceptsIsRefusedAtOnce() {
        assertThatThrownBy(() -> ManagedCertificate.builder().dns("example.com").keyType(KeyType.ED25519).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ED25519");
    }

    @Test
    void anEmptyDescriptionAndABadNameAreRefused() {
        assertThatThrownBy(() -> ManagedCertificate.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identifier");
        assertThatThrownBy(() -> ManagedCertificate.builder().dns("example.com").name("a/b").build())
                .isInstanceOf(InvalidStoreNameException.class);
    }
}
