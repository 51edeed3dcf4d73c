package org.certwright.acme.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AcmeTlsAlpnTest {

    private static final String[] NONE = new String[0];
    private static final String[] APP = {"h2", "http/1.1"};

    @Test
    void picksAcmeTlsWhenOffered() {
        assertThat(AcmeTlsAlpn.select(List.of("acme-tls/1"), NONE)).isEqualTo("acme-tls/1");
        assertThat(AcmeTlsAlpn.select(List.of("acme-tls/1"), APP)).isEqualTo("acme-tls/1");
    }

    @Test
    void otherwiseNegotiatesAsTheJdkWould() {
        assertThat(AcmeTlsAlpn.select(List.of("h2", "http/1.1"), NONE)).isEmpty();
        assertThat(AcmeTlsAlpn.select(List.of("h2", "http/1.1"), null)).isEmpty();
        assertThat(AcmeTlsAlpn.select(List.of("http/1.1", "h2"), APP)).isEqualTo("h2");
        assertThat(AcmeTlsAlpn.select(List.of("http/1.1"), APP)).isEqualTo("http/1.1");
        assertThat(AcmeTlsAlpn.select(List.of("spdy/3"), APP)).isNull();
    }
}
