package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoreNamesTest {

    @Test
    void theErrorSaysWhichRuleANameBreaks() {
        assertThatThrownBy(() -> StoreNames.checkName("/etc/passwd")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> StoreNames.checkName("a/../b")).hasMessageContaining("'..' starts with '.'");
        assertThatThrownBy(() -> StoreNames.checkName("a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> StoreNames.checkName("a/")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> StoreNames.checkName("a\\b")).hasMessageContaining("character '\\'");
        assertThatThrownBy(() -> StoreNames.checkName("a\nb")).hasMessageContaining("character '\\u000a'");
        assertThatThrownBy(() -> StoreNames.checkName("x".repeat(241))).hasMessageContaining("longer than 240");
        assertThatThrownBy(() -> StoreNames.checkName("")).isInstanceOf(InvalidStoreNameException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aPrefixIsEmptyOrANameWithAnOptionalSlash() {
        assertThat(StoreNames.checkPrefix("")).isEmpty();
        assertThat(StoreNames.checkPrefix("certificates/")).isEqualTo("certificates/");
        assertThat(StoreNames.checkPrefix("certificates/exa")).isEqualTo("certificates/exa");
        assertThatThrownBy(() -> StoreNames.checkPrefix("certificates//")).isInstanceOf(InvalidStoreNameException.class);
        assertThatThrownBy(() -> StoreNames.checkPrefix("/")).isInstanceOf(InvalidStoreNameException.class);
    }

    @Test
    void aLeaseCoversOnlyTheBlobsUnderItsLock() {
        StoreLease lease = new StoreLease("certificates/example.com", "a", 1, Instant.EPOCH);
        StoreNames.checkCovered("certificates/example.com/key.pem", lease);
        assertThatThrownBy(() -> StoreNames.checkCovered("certificates/example.com", lease))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificates/example.com/'");
        assertThatThrownBy(() -> StoreNames.checkCovered("certificates/example.com.au/key.pem", lease))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLeaseHasAPositiveToken() {
        assertThatThrownBy(() -> new StoreLease("l", "a", 0, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }
}
