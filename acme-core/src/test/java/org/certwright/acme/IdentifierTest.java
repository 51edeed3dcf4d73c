package org.certwright.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "192.0.2.10", "999.1.1.1", "10.0.0.1.", "::1", "2001:db8::1", "[::1]",
            "::ffff:192.0.2.1", "*.10.0.0.1"})
    void anIpLiteralIsNotADnsNameAndTheErrorPointsToIp(String value) {
        assertThatThrownBy(() -> Identifier.dns(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IP address")
                .hasMessageContaining("Identifier.ip");
        assertThatThrownBy(() -> new Identifier(Identifier.TYPE_DNS, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Identifier.ip");
        assertThatThrownBy(() -> NewOrder.builder().dns(value))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.example.com", "10-0-0-1.example.net", "a.1", "123.example", "*.example.org"})
    void namesThatMerelyContainDigitsAreDnsNames(String value) {
        assertThat(Identifier.dns(value).value()).isEqualTo(value);
    }

    @Test
    void ipIdentifiersStillTakeLiterals() {
        assertThat(Identifier.ip("127.0.0.1").value()).isEqualTo("127.0.0.1");
        assertThat(Identifier.ip("2001:DB8:0:0::1").value()).isEqualTo("2001:db8::1");
    }

    @Test
    void callerErrorsAreTheDocumentedUncheckedExceptions() {
        assertThatThrownBy(() -> Identifier.dns(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Identifier.dns("bad name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifier.ip("example.com")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Identifier("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Identifier.dns("example.com").inetAddress())
                .isInstanceOf(IllegalStateException.class);
    }
}
