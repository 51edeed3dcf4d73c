package org.certwright.acme.challenges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.ServiceLoader;
import org.certwright.acme.challenge.ChallengeResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceLoaderTest {

    private static final List<String> PROPERTIES = List.of(EmbeddedHttpResponder.PORT_PROPERTY,
            EmbeddedHttpResponder.ADDRESS_PROPERTY, TlsAlpnResponder.PORT_PROPERTY, TlsAlpnResponder.ADDRESS_PROPERTY);

    @AfterEach
    void clearProperties() {
        PROPERTIES.forEach(System::clearProperty);
    }

    @Test
    void discoversTheRespondersWithDefaults() {
        List<ChallengeResponder> found = discover();
        assertThat(found).hasAtLeastOneElementOfType(EmbeddedHttpResponder.class)
                .hasAtLeastOneElementOfType(TlsAlpnResponder.class);
        EmbeddedHttpResponder http = only(found, EmbeddedHttpResponder.class);
        assertThat(http.address().getPort()).isEqualTo(80);
        assertThat(http.address().getAddress().isAnyLocalAddress()).isTrue();
        TlsAlpnResponder tls = only(found, TlsAlpnResponder.class);
        assertThat(tls.address().getPort()).isEqualTo(443);
        assertThat(tls.address().getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void configuresThemFromSystemProperties() throws Exception {
        System.setProperty(EmbeddedHttpResponder.PORT_PROPERTY, "8080");
        System.setProperty(EmbeddedHttpResponder.ADDRESS_PROPERTY, "127.0.0.1");
        System.setProperty(TlsAlpnResponder.PORT_PROPERTY, " 8443 ");
        System.setProperty(TlsAlpnResponder.ADDRESS_PROPERTY, "::1");
        List<ChallengeResponder> found = discover();
        EmbeddedHttpResponder http = only(found, EmbeddedHttpResponder.class);
        assertThat(http.address().getPort()).isEqualTo(8080);
        assertThat(http.address().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        TlsAlpnResponder tls = only(found, TlsAlpnResponder.class);
        assertThat(tls.address().getPort()).isEqualTo(8443);
        assertThat(tls.address().getAddress()).isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void namesABadProperty() {
        System.setProperty(EmbeddedHttpResponder.PORT_PROPERTY, "eighty");
        assertThatThrownBy(EmbeddedHttpResponder::new).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EmbeddedHttpResponder.PORT_PROPERTY);
        System.setProperty(TlsAlpnResponder.PORT_PROPERTY, "0");
        assertThatThrownBy(TlsAlpnResponder::new).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<ChallengeResponder> discover() {
        return ServiceLoader.load(ChallengeResponder.class).stream().map(ServiceLoader.Provider::get).toList();
    }

    private static <T> T only(List<ChallengeResponder> found, Class<T> type) {
        List<T> matching = found.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).hasSize(1);
        return matching.get(0);
    }
}
