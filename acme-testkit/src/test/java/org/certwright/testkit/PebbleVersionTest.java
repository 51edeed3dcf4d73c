package org.certwright.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PebbleVersionTest {

    @Test
    void readsDebianVersions() {
        assertThat(PebbleVersion.parse("2.10.0+ds1-2")).isEqualTo(new PebbleVersion(2, 10, 0, "2.10.0+ds1-2"));
        assertThat(PebbleVersion.parse("2.6.0+ds1-1+b7")).isEqualTo(new PebbleVersion(2, 6, 0, "2.6.0+ds1-1+b7"));
        assertThat(PebbleVersion.parse("1:2.4.1-1")).isEqualTo(new PebbleVersion(2, 4, 1, "1:2.4.1-1"));
        assertThat(PebbleVersion.parse("3")).isEqualTo(new PebbleVersion(3, 0, 0, "3"));
    }

    @Test
    void unknownVersionsAreOlderThanEverything() {
        assertThat(PebbleVersion.parse(null)).isEqualTo(PebbleVersion.UNKNOWN);
        assertThat(PebbleVersion.parse("")).isEqualTo(PebbleVersion.UNKNOWN);
        assertThat(PebbleVersion.parse("dev").atLeast(0, 1)).isFalse();
        assertThat(PebbleVersion.parse("dev").text()).isEqualTo("dev");
    }

    @Test
    void comparesMajorThenMinor() {
        PebbleVersion version = PebbleVersion.parse("2.10.0+ds1-2");

        assertThat(version.atLeast(2, 10)).isTrue();
        assertThat(version.atLeast(2, 7)).isTrue();
        assertThat(version.atLeast(1, 99)).isTrue();
        assertThat(version.atLeast(2, 11)).isFalse();
        assertThat(version.atLeast(3, 0)).isFalse();
    }
}
