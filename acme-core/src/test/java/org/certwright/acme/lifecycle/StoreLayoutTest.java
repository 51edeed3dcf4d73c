package org.certwright.acme.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StoreLayoutTest {

    @Test
    void namesFollowTheDocumentedLayout() {
        assertThat(StoreLayout.accountLock("ca", "default")).isEqualTo("accounts/ca/default");
        assertThat(StoreLayout.accountJson("ca", "default")).isEqualTo("accounts/ca/default/account.json");
        assertThat(StoreLayout.accountKey("ca", "default")).isEqualTo("accounts/ca/default/key.pem");
        assertThat(StoreLayout.certificateLock("example.com")).isEqualTo("certificates/example.com");
        assertThat(StoreLayout.certificateKey("example.com")).isEqualTo("certificates/example.com/key.pem");
        assertThat(StoreLayout.certificateChain("example.com")).isEqualTo("certificates/example.com/chain.pem");
        assertThat(StoreLayout.certificateMetadata("example.com")).isEqualTo("certificates/example.com/metadata.json");
    }

    @Test
    void theLocksCoverTheirBlobs() {
        StoreLease lease = new StoreLease(StoreLayout.certificateLock("example.com"), "a", 1, java.time.Instant.EPOCH);
        assertThat(lease.covers(StoreLayout.certificateKey("example.com"))).isTrue();
        assertThat(lease.covers(StoreLayout.certificateKey("example.com.au"))).isFalse();
    }

    @Test
    void certificateIdsAreLowerCaseWithWildcardsAndIpv6MadeSafe() {
        assertThat(StoreLayout.certificateId("Example.COM")).isEqualTo("example.com");
        assertThat(StoreLayout.certificateId("*.example.com")).isEqualTo("wildcard_.example.com");
        assertThat(StoreLayout.certificateId("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(StoreLayout.certificateId("2001:DB8::1")).isEqualTo("2001_db8__1");
        assertThat(StoreLayout.certificateId("xn--caf-dma.example")).isEqualTo("xn--caf-dma.example");
    }

    @Test
    void anIdentifierThatCannotBeANameIsRefusedByName() {
        for (String bad : new String[] {"", "a/b", "ex ample.com", "caf\u00e9.example", ".example.com", "a*b.example"}) {
            assertThatThrownBy(() -> StoreLayout.certificateId(bad)).as(bad)
                    .isInstanceOf(InvalidStoreNameException.class);
        }
    }

    @Test
    void aLongIdentifierIsShortenedToAUniqueValidSegment() {
        String label = "a".repeat(63);
        String longName = String.join(".", label, label, label, "b".repeat(57)) + ".example"; // 253 characters
        String other = String.join(".", label, label, label, "c".repeat(57)) + ".example";

        String id = StoreLayout.certificateId("*." + longName);
        assertThat(id.length()).isLessThanOrEqualTo(StoreNames.MAX_SEGMENT_LENGTH);
        assertThat(id).startsWith("wildcard_." + label).isNotEqualTo(StoreLayout.certificateId("*." + other));
        assertThat(StoreLayout.certificateLock(id)).isEqualTo("certificates/" + id);
        assertThatThrownBy(() -> StoreLayout.certificateId(longName.replace("bbbbb", "b b b")))
                .isInstanceOf(InvalidStoreNameException.class);
    }

    @Test
    void caIdsComeFromTheDirectoryUrl() {
        assertThat(StoreLayout.caId(URI.create("https://acme-v02.api.letsencrypt.org/directory")))
                .isEqualTo("acme-v02.api.letsencrypt.org-directory");
        assertThat(StoreLayout.caId(URI.create("https://LOCALHOST:14000/dir")))
                .isEqualTo("localhost-14000-dir");
        assertThat(StoreLayout.caId(URI.create("https://ca.example/acme/v2%20x/directory?x=1")))
                .isEqualTo("ca.example-acme-v2_20x-directory");
        assertThatThrownBy(() -> StoreLayout.caId(URI.create("/directory")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/directory");
    }
}
