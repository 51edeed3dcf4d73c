package org.certwright.acme.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(NOW.plusSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(NOW);
    }

    @Test
    void readsImfFixdate() {
        assertThat(RetryAfter.parse("Sat, 28 Nov 2026 12:05:00 GMT", NOW)).contains(Instant.parse("2026-11-28T12:05:00Z"));
    }

    @Test
    void readsObsoleteRfc850Date() {
        assertThat(RetryAfter.parse("Saturday, 28-Nov-26 12:05:00 GMT", NOW)).contains(Instant.parse("2026-11-28T12:05:00Z"));
    }

    @Test
    void readsAsctimeDate() {
        assertThat(RetryAfter.parse("Sat Nov 28 12:05:00 2026", NOW)).contains(Instant.parse("2026-11-28T12:05:00Z"));
        assertThat(RetryAfter.parse("Sun Nov  6 08:49:37 1994", NOW)).contains(NOW);
    }

    @Test
    void pastDatesMeanNow() {
        assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).contains(NOW);
    }

    @Test
    void ignoresInvalidValues() {
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("1.5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    }

    @Test
    void hugeDelaysAreCappedInsteadOfOverflowing() {
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).hasValueSatisfying(t -> assertThat(t).isAfter(NOW));
    }

    @Property(tries = 2000)
    void neverThrows(@ForAll String value) {
        RetryAfter.parse(value, NOW);
    }
}
